namespace Mandos.Server.Checkers;

/// <summary>
/// One <c>%</c> conversion of a Python format string, parsed as CPython's
/// <c>unicode_format_arg_parse</c> does: <c>%[(key)][flags][width][.precision][h|l|L]conversion</c>.
/// </summary>
internal readonly record struct PercentSpec(
    int Start, int End, string? Key, bool LeftAlign, int Width, int Precision, char Conversion)
{
    private const int Unlimited = -1;

    /// <summary>The spec as written in the command, for messages.</summary>
    public string Text(string template) => template[Start..End];

    /// <summary>Parses the spec whose <c>%</c> is at <paramref name="start"/>.</summary>
    public static PercentSpec Parse(string template, int start)
    {
        int i = start + 1;
        if (i < template.Length && template[i] == '%')
        {
            return new PercentSpec(start, i + 1, null, false, 0, Unlimited, '%');
        }
        string? key = i < template.Length && template[i] == '(' ? ParseKey(template, start, ref i) : null;
        bool leftAlign = false;
        while (i < template.Length && template[i] is '-' or '+' or ' ' or '#' or '0')
        {
            leftAlign |= template[i] == '-';
            i++;
        }
        int width = ParseNumber(template, start, ref i, "width") ?? 0;
        int precision = Unlimited;
        if (i < template.Length && template[i] == '.')
        {
            i++;
            precision = ParseNumber(template, start, ref i, "precision") ?? 0;
        }
        if (i < template.Length && template[i] is 'h' or 'l' or 'L')
        {
            i++; // C length modifiers, which Python ignores (one of them)
        }
        if (i >= template.Length)
        {
            throw new CheckerFormatException($"incomplete format \"{template[start..]}\" at the end of the checker command", start);
        }
        return new PercentSpec(start, i + 1, key, leftAlign, width, precision, template[i]);
    }

    /// <summary>The name between parentheses; nested parentheses belong to it, as in Python.</summary>
    private static string ParseKey(string template, int start, ref int i)
    {
        int depth = 1;
        int keyStart = i + 1;
        for (i = keyStart; i < template.Length; i++)
        {
            depth += template[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (depth == 0)
            {
                string key = template[keyStart..i];
                i++;
                return key;
            }
        }
        throw new CheckerFormatException($"incomplete format key \"{template[start..]}\" in the checker command", start);
    }

    private static int? ParseNumber(string template, int start, ref int i, string what)
    {
        if (i < template.Length && template[i] == '*')
        {
            throw new CheckerFormatException(
                $"\"*\" {what} at index {start} takes a positional argument, and checker commands have none", start);
        }
        int digitsStart = i;
        while (i < template.Length && char.IsAsciiDigit(template[i]))
        {
            i++;
        }
        if (i == digitsStart)
        {
            return null;
        }
        // Python refuses only what overflows; a width near a million is as absurd and costs memory.
        if (!int.TryParse(template.AsSpan(digitsStart, i - digitsStart), out int value) || value > 1_000_000)
        {
            throw new CheckerFormatException($"{what} too big at index {start} of the checker command", start);
        }
        return value;
    }
}
