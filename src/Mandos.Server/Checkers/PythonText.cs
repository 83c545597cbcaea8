using System.Globalization;
using System.Text;

namespace Mandos.Server.Checkers;

/// <summary>
/// Values as Python's <c>str()</c> and <c>repr()</c> write them, because upstream hands checker
/// commands <c>str(value)</c> and existing checker scripts may parse it.
/// </summary>
public static class PythonText
{
    private const long MicrosecondsPerSecond = 1_000_000;
    private const long MicrosecondsPerDay = 86_400 * MicrosecondsPerSecond;

    /// <summary>A timedelta: <c>H:MM:SS</c>, <c>N day(s), H:MM:SS</c>, then <c>.ffffff</c> if any.</summary>
    public static string Of(TimeSpan value)
    {
        // Python keeps microseconds and normalises so that only the day count is negative.
        long micros = Math.DivRem(value.Ticks, TimeSpan.TicksPerMicrosecond, out long rest);
        if (rest < 0)
        {
            micros--;
        }
        long days = Math.DivRem(micros, MicrosecondsPerDay, out long inDay);
        if (inDay < 0)
        {
            days--;
            inDay += MicrosecondsPerDay;
        }
        var text = new StringBuilder();
        if (days != 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{days} day{(Math.Abs(days) == 1 ? "" : "s")}, ");
        }
        long seconds = inDay / MicrosecondsPerSecond;
        text.Append(CultureInfo.InvariantCulture, $"{seconds / 3600}:{seconds / 60 % 60:00}:{seconds % 60:00}");
        AppendMicroseconds(text, inDay % MicrosecondsPerSecond);
        return text.ToString();
    }

    /// <summary>A naive datetime: <c>YYYY-MM-DD HH:MM:SS[.ffffff]</c>; null is <c>None</c>.</summary>
    public static string Of(DateTime? value)
    {
        if (value is not DateTime time)
        {
            return "None";
        }
        var text = new StringBuilder(time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        AppendMicroseconds(text, time.Ticks % TimeSpan.TicksPerSecond / TimeSpan.TicksPerMicrosecond);
        return text.ToString();
    }

    public static string Of(bool value) => value ? "True" : "False";

    /// <summary>
    /// Python's <c>repr(str)</c>, or <c>ascii(str)</c> when <paramref name="asciiOnly"/>: quoted
    /// with ' (with " if the text has ' and no "), non-printable characters escaped.
    /// </summary>
    public static string Repr(string value, bool asciiOnly = false)
    {
        char quote = value.Contains('\'') && !value.Contains('"') ? '"' : '\'';
        var text = new StringBuilder(value.Length + 2).Append(quote);
        for (int i = 0; i < value.Length; i++)
        {
            int codePoint = value[i];
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                codePoint = char.ConvertToUtf32(value[i], value[i + 1]);
                i++;
            }
            AppendReprCharacter(text, codePoint, quote, asciiOnly);
        }
        return text.Append(quote).ToString();
    }

    private static void AppendMicroseconds(StringBuilder text, long micros)
    {
        if (micros != 0)
        {
            text.Append(CultureInfo.InvariantCulture, $".{micros:000000}");
        }
    }

    private static void AppendReprCharacter(StringBuilder text, int c, char quote, bool asciiOnly)
    {
        switch (c)
        {
            case '\\':
                text.Append(@"\\");
                return;
            case '\t':
                text.Append(@"\t");
                return;
            case '\n':
                text.Append(@"\n");
                return;
            case '\r':
                text.Append(@"\r");
                return;
        }
        if (c == quote)
        {
            text.Append('\\').Append(quote);
        }
        else if (c is >= ' ' and < 0x7f || (c > 0x7f && !asciiOnly && IsPrintable(c)))
        {
            text.Append(char.ConvertFromUtf32(c));
        }
        else
        {
            string escape = c <= 0xff ? $@"\x{c:x2}" : c <= 0xffff ? $@"\u{c:x4}" : $@"\U{c:x8}";
            text.Append(escape);
        }
    }

    /// <summary>Python's str.isprintable for one code point: not Cc, Cf, Cs, Co, Cn, Zl, Zp or Zs.</summary>
    private static bool IsPrintable(int c)
    {
        if (c is >= 0xd800 and <= 0xdfff)
        {
            return false; // a lone surrogate
        }
        return CharUnicodeInfo.GetUnicodeCategory(c) switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.SpaceSeparator => false,
            _ => true,
        };
    }
}
