using System.Globalization;
using System.Text;

namespace Mandos.Core.Config;

/// <summary>
/// Durations as the upstream server reads them (<c>string_to_delta</c>): first an RFC 3339
/// duration such as <c>PT5M</c> or <c>P1DT2H</c>, else the older form of whitespace-separated
/// numbers with a unit suffix, such as <c>5m 30s</c>, whose values are summed.
/// </summary>
public static class DurationParser
{
    [Flags]
    private enum Token
    {
        None = 0, Year = 1, Month = 2, Day = 4, Time = 8, Hour = 16, Minute = 32, Second = 64,
        Week = 128, End = 256,
    }

    // Upstream's (deliberately simple) calendar: a year is 52 weeks and a month 4 weeks.
    private const long TicksPerWeek = 7 * TimeSpan.TicksPerDay;

    /// <summary>
    /// The longest duration, in whole seconds, that either form reads: a <see cref="TimeSpan"/>'s
    /// range. Longer ones are refused as too large (never wrapped or clamped).
    /// </summary>
    public const long MaxSeconds = long.MaxValue / TimeSpan.TicksPerSecond;

    /// <summary>Parses a duration.</summary>
    /// <exception cref="FormatException">The text is neither form; the message quotes it.</exception>
    public static TimeSpan Parse(string text) =>
        TryParse(text, out var duration, out string? problem) ? duration : throw new FormatException(problem);

    /// <summary>Like <see cref="Parse"/>, but returns false instead of throwing.</summary>
    public static bool TryParse(string text, out TimeSpan duration) => TryParse(text, out duration, out _);

    /// <summary>
    /// Formats a duration in the RFC 3339 form that <see cref="Parse"/> reads back: days, then
    /// hours, minutes and seconds, e.g. <c>PT5M</c>, <c>P1DT2H</c>, <c>PT0S</c>. Fractions of a
    /// second are written as decimals (<c>PT1.5S</c>), which only display code should rely on.
    /// </summary>
    public static string ToRfc3339(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero)
        {
            return "-" + ToRfc3339(duration.Duration());
        }
        var text = new StringBuilder("P");
        if (duration.Days > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{duration.Days}D");
        }
        long fraction = duration.Ticks % TimeSpan.TicksPerSecond;
        bool hasSeconds = duration.Seconds > 0 || fraction > 0;
        if (duration.Hours > 0 || duration.Minutes > 0 || hasSeconds || duration.Days == 0)
        {
            text.Append('T');
            AppendTime(text, duration, hasSeconds || duration == TimeSpan.Zero, fraction);
        }
        return text.ToString();
    }

    private static void AppendTime(StringBuilder text, TimeSpan duration, bool writeSeconds, long fraction)
    {
        if (duration.Hours > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{duration.Hours}H");
        }
        // The grammar has no "H then S" step, so 1 h 1 s must be written PT1H0M1S.
        if (duration.Minutes > 0 || (duration.Hours > 0 && writeSeconds))
        {
            text.Append(CultureInfo.InvariantCulture, $"{duration.Minutes}M");
        }
        if (writeSeconds)
        {
            text.Append(CultureInfo.InvariantCulture, $"{duration.Seconds}");
            if (fraction > 0)
            {
                text.Append('.').Append(fraction.ToString("D7", CultureInfo.InvariantCulture).TrimEnd('0'));
            }
            text.Append('S');
        }
    }

    private static bool TryParse(string text, out TimeSpan duration, out string problem)
    {
        problem = "";
        if (TryParseRfc3339(text, out duration))
        {
            return true;
        }
        if (text.StartsWith('P'))
        {
            problem = TryParseRfc3339(text, out _, out bool tooLarge) || !tooLarge
                ? $"invalid duration \"{text}\" (not an RFC 3339 duration like PT5M, P1DT2H or P1W)"
                : $"invalid duration \"{text}\": too large (at most {MaxSeconds} seconds, about 29,000 years)";
            return false;
        }
        return TryParseSuffixed(text, out duration, out problem);
    }

    /// <summary>
    /// The RFC 3339 form alone (no fallback), as mandos-ctl tries it before its own, more lenient,
    /// pre-1.6.1 interval syntax.
    /// </summary>
    public static bool TryParseRfc3339(string text, out TimeSpan duration) => TryParseRfc3339(text, out duration, out _);

    private static bool TryParseRfc3339(string text, out TimeSpan duration, out bool tooLarge)
    {
        duration = TimeSpan.Zero;
        tooLarge = false;
        if (!text.StartsWith('P'))
        {
            return false;
        }
        var allowed = Token.Year | Token.Month | Token.Day | Token.Time | Token.Week;
        long ticks = 0L;
        int position = 1;
        while (position < text.Length)
        {
            if (!TryReadToken(text, ref position, allowed, out var token, out long count, out tooLarge))
            {
                return false;
            }
            if (!TryAdd(ref ticks, count, TicksPer(token)))
            {
                tooLarge = true;
                return false;
            }
            allowed = Followers(token);
        }
        duration = new TimeSpan(ticks);
        return allowed.HasFlag(Token.End);
    }

    // Reads "T" or "<digits><unit letter>" and checks that it may come next.
    private static bool TryReadToken(string text, ref int position, Token allowed, out Token token, out long count, out bool tooLarge)
    {
        count = 0;
        tooLarge = false;
        if (text[position] == 'T')
        {
            position++;
            token = Token.Time;
            return allowed.HasFlag(Token.Time);
        }
        int start = position;
        while (position < text.Length && char.IsAsciiDigit(text[position]))
        {
            position++;
        }
        token = Token.None;
        if (position == start || position == text.Length)
        {
            return false;
        }
        if (!long.TryParse(text.AsSpan(start, position - start), NumberStyles.None, CultureInfo.InvariantCulture, out count))
        {
            tooLarge = true; // only digits, so only too many of them
            return false;
        }
        token = text[position++] switch
        {
            'Y' => Token.Year,
            // "M" means months before the "T" and minutes after it; never both are allowed.
            'M' => allowed.HasFlag(Token.Month) ? Token.Month : Token.Minute,
            'W' => Token.Week,
            'D' => Token.Day,
            'H' => Token.Hour,
            'S' => Token.Second,
            _ => Token.None,
        };
        return token != Token.None && allowed.HasFlag(token);
    }

    // Stricter than the RFC's ABNF, as upstream is: "T" may follow only "P" or days.
    private static Token Followers(Token token) => token switch
    {
        Token.Year => Token.Month | Token.End,
        Token.Month => Token.Day | Token.End,
        Token.Day => Token.Time | Token.End,
        Token.Time => Token.Hour | Token.Minute | Token.Second,
        Token.Hour => Token.Minute | Token.End,
        Token.Minute => Token.Second | Token.End,
        _ => Token.End, // seconds and weeks end the duration
    };

    private static long TicksPer(Token token) => token switch
    {
        Token.Year => 52 * TicksPerWeek,
        Token.Month => 4 * TicksPerWeek,
        Token.Week => TicksPerWeek,
        Token.Day => TimeSpan.TicksPerDay,
        Token.Hour => TimeSpan.TicksPerHour,
        Token.Minute => TimeSpan.TicksPerMinute,
        Token.Second => TimeSpan.TicksPerSecond,
        _ => 0,
    };

    // The older form: "<int><d|h|m|s|w>" tokens separated by whitespace; empty text is zero.
    private static bool TryParseSuffixed(string text, out TimeSpan duration, out string problem)
    {
        duration = TimeSpan.Zero;
        problem = "";
        long ticks = 0L;
        foreach (string part in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (!TryParseSuffixedPart(part, out long count, out long unitTicks))
            {
                problem = part.StartsWith('-')
                    ? $"invalid duration \"{text}\": durations cannot be negative"
                    : part.Length > 1 && !part.AsSpan(0, part.Length - 1).TrimStart('+').ContainsAnyExceptInRange('0', '9') && "dhmsw".Contains(part[^1], StringComparison.Ordinal)
                    ? $"invalid duration \"{text}\": too large (at most {MaxSeconds} seconds, about 29,000 years)"
                    : $"invalid duration \"{text}\": \"{part}\" is not a whole number followed by d, h, m, s or w";
                return false;
            }
            if (!TryAdd(ref ticks, count, unitTicks))
            {
                problem = $"invalid duration \"{text}\": too large (at most {MaxSeconds} seconds, about 29,000 years)";
                return false;
            }
        }
        duration = new TimeSpan(ticks);
        return true;
    }

    private static bool TryParseSuffixedPart(string part, out long count, out long unitTicks)
    {
        unitTicks = part[^1] switch
        {
            'd' => TimeSpan.TicksPerDay,
            'h' => TimeSpan.TicksPerHour,
            'm' => TimeSpan.TicksPerMinute,
            's' => TimeSpan.TicksPerSecond,
            'w' => TicksPerWeek,
            _ => 0,
        };
        var digits = part.AsSpan(0, part.Length - 1);
        if (digits.StartsWith("+"))
        {
            digits = digits[1..]; // Python's int() accepts a plus sign.
        }
        count = 0;
        return unitTicks != 0 && digits.Length > 0 && !digits.ContainsAnyExceptInRange('0', '9')
            && long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out count);
    }

    private static bool TryAdd(ref long ticks, long count, long unitTicks)
    {
        try
        {
            ticks = checked(ticks + (count * unitTicks));
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }
}
