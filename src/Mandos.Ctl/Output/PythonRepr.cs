using System.Globalization;
using System.Text;

namespace Mandos.Ctl.Output;

/// <summary>
/// Python's repr() of a string, which upstream's messages use for client names and arguments:
/// single quotes unless the text holds a single quote and no double quote, backslash escapes for
/// the quote, the backslash and unprintable characters.
/// </summary>
internal static class PythonRepr
{
    public static string Of(string text)
    {
        char quote = text.Contains('\'') && !text.Contains('"') ? '"' : '\'';
        var repr = new StringBuilder().Append(quote);
        foreach (Rune rune in text.EnumerateRunes())
        {
            int c = rune.Value;
            switch (c)
            {
                case '\\': repr.Append(@"\\"); break;
                case '\n': repr.Append(@"\n"); break;
                case '\r': repr.Append(@"\r"); break;
                case '\t': repr.Append(@"\t"); break;
                default:
                    if (c == quote)
                    {
                        repr.Append('\\').Append(quote);
                    }
                    else if (IsPrintable(rune))
                    {
                        repr.Append(rune.ToString());
                    }
                    else if (c < 0x100)
                    {
                        repr.Append(CultureInfo.InvariantCulture, $"\\x{c:x2}");
                    }
                    else if (c < 0x10000)
                    {
                        repr.Append(CultureInfo.InvariantCulture, $"\\u{c:x4}");
                    }
                    else
                    {
                        repr.Append(CultureInfo.InvariantCulture, $"\\U{c:x8}");
                    }
                    break;
            }
        }
        return repr.Append(quote).ToString();
    }

    // Python's str.isprintable(): not a control, format, separator (other than space) or unassigned.
    private static bool IsPrintable(Rune rune) => rune.Value == ' ' || Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
            or UnicodeCategory.OtherNotAssigned or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator => false,
        _ => true,
    };
}
