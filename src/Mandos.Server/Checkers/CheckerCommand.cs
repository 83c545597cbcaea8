using System.Text;

namespace Mandos.Server.Checkers;

/// <summary>
/// Runtime expansion of a client's <c>checker</c> (docs/compatibility.md, "Checkers"): Python's
/// <c>command % attributes</c>, where every attribute is already <c>shlex.quote(str(value))</c>.
/// The template has had its start-time interpolation (so <c>%%(host)s</c> is now <c>%(host)s</c>).
/// </summary>
public static class CheckerCommand
{
    /// <summary>Formats <paramref name="template"/>; attribute values are shell-quoted here.</summary>
    /// <exception cref="CheckerFormatException">Where Python would raise.</exception>
    public static string Expand(string template, IReadOnlyDictionary<string, string> attributes)
    {
        var command = new StringBuilder(template.Length + 64);
        int done = 0;
        for (int percent = template.IndexOf('%'); percent >= 0; percent = template.IndexOf('%', done))
        {
            command.Append(template, done, percent - done);
            PercentSpec spec = PercentSpec.Parse(template, percent);
            command.Append(Convert(template, spec, attributes));
            done = spec.End;
        }
        return command.Append(template, done, template.Length - done).ToString();
    }

    /// <summary>
    /// Python's <c>shlex.quote</c>: unchanged if every character is ASCII [A-Za-z0-9_@%+=:,./-] and
    /// there is at least one; otherwise single-quoted, each ' written as '"'"'.
    /// </summary>
    public static string Quote(string value)
    {
        if (value.Length == 0)
        {
            return "''";
        }
        foreach (char c in value)
        {
            if (!IsShellSafe(c))
            {
                return "'" + value.Replace("'", "'\"'\"'") + "'";
            }
        }
        return value;
    }

    private static bool IsShellSafe(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '@' or '%' or '+' or '=' or ':' or ',' or '.' or '/' or '-';

    /// <summary>One conversion, checked in the order Python fails: key, conversion character, type.</summary>
    private static string Convert(string template, PercentSpec spec, IReadOnlyDictionary<string, string> attributes)
    {
        if (spec.Key is null && spec.Conversion == '%')
        {
            return "%";
        }
        string? value = null;
        if (spec.Key is not null && !attributes.TryGetValue(spec.Key, out value))
        {
            throw new CheckerFormatException(
                $"unknown attribute \"{spec.Key}\" in \"{spec.Text(template)}\" at index {spec.Start} of the checker command"
                + $" (known: {string.Join(", ", attributes.Keys.Order(StringComparer.Ordinal))})", spec.Start);
        }
        if (!IsConversion(spec.Conversion))
        {
            throw new CheckerFormatException(
                $"unsupported format character '{spec.Conversion}' (0x{(int)spec.Conversion:x}) at index {spec.End - 1} of the checker command",
                spec.End - 1);
        }
        if (value is null)
        {
            throw new CheckerFormatException(
                $"\"{spec.Text(template)}\" at index {spec.Start} of the checker command has no name; write it as %(host)s", spec.Start);
        }
        return Pad(spec, Converted(template, spec, Quote(value)));
    }

    private static bool IsConversion(char c) => c is 's' or 'r' or 'a' or 'c' or 'd' or 'i' or 'o' or 'u'
        or 'x' or 'X' or 'e' or 'E' or 'f' or 'F' or 'g' or 'G';

    private static string Converted(string template, PercentSpec spec, string quoted)
    {
        switch (spec.Conversion)
        {
            case 's':
                return Truncate(quoted, spec.Precision);
            case 'r':
            case 'a':
                return Truncate(PythonText.Repr(quoted, asciiOnly: spec.Conversion == 'a'), spec.Precision);
            case 'c' when CodePoints(quoted) == 1:
                return quoted; // precision does not apply to %c
            case 'c':
                throw new CheckerFormatException(
                    $"\"{spec.Text(template)}\" at index {spec.Start} of the checker command needs a single character", spec.Start);
            default:
                throw new CheckerFormatException(
                    $"\"{spec.Text(template)}\" at index {spec.Start} of the checker command needs a number, "
                    + "but attributes are text: use %(name)s", spec.Start);
        }
    }

    /// <summary>Keeps the first <paramref name="precision"/> code points (Python counts code points).</summary>
    private static string Truncate(string text, int precision)
    {
        if (precision < 0)
        {
            return text;
        }
        int end = 0;
        for (int kept = 0; kept < precision && end < text.Length; kept++)
        {
            end += char.IsSurrogatePair(text, end) ? 2 : 1;
        }
        return text[..end];
    }

    private static string Pad(PercentSpec spec, string text)
    {
        int padding = spec.Width - CodePoints(text);
        if (padding <= 0)
        {
            return text;
        }
        return spec.LeftAlign ? text + new string(' ', padding) : new string(' ', padding) + text;
    }

    private static int CodePoints(string text)
    {
        int count = 0;
        for (int i = 0; i < text.Length; i += char.IsSurrogatePair(text, i) ? 2 : 1)
        {
            count++;
        }
        return count;
    }
}
