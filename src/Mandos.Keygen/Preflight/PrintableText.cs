namespace Mandos.Keygen.Preflight;

/// <summary>
/// Text from files another hand may have written (an initramfs image, a crypttab, a path) made
/// safe to show on root's terminal or in the journal: every control character (escape sequences
/// that retitle or rewrite a terminal, newlines that forge a line of the report) becomes '?'.
/// </summary>
internal static class PrintableText
{
    public static string Of(string text)
    {
        if (!text.Any(char.IsControl))
        {
            return text;
        }
        return string.Create(text.Length, text, static (chars, source) =>
        {
            for (int i = 0; i < source.Length; i++)
            {
                chars[i] = char.IsControl(source[i]) ? '?' : source[i];
            }
        });
    }
}
