namespace Mandos.Keygen.Preflight;

/// <summary>
/// Text from files another hand may have written (an initramfs image, a crypttab, a path) made
/// safe to show on root's terminal or in the journal: every control character (escape sequences
/// that retitle or rewrite a terminal, newlines that forge a line of the report) and every
/// invisible format or separator character (bidirectional overrides) becomes '?'.
/// </summary>
internal static class PrintableText
{
    public static string Of(string text)
    {
        if (!text.Any(IsHidden))
        {
            return text;
        }
        return string.Create(text.Length, text, static (chars, source) =>
        {
            for (int i = 0; i < source.Length; i++)
            {
                chars[i] = IsHidden(source[i]) ? '?' : source[i];
            }
        });
    }

    // Control characters, and what reorders or breaks a line without showing (bidirectional
    // overrides and other format characters, line and paragraph separators).
    private static bool IsHidden(char c) => char.IsControl(c) || char.GetUnicodeCategory(c)
        is System.Globalization.UnicodeCategory.Format or System.Globalization.UnicodeCategory.LineSeparator
        or System.Globalization.UnicodeCategory.ParagraphSeparator;
}
