using System.Globalization;
using System.Numerics;

namespace Mandos.Ctl.Cli;

/// <summary>
/// The interval syntax documented before Mandos 1.6.1, as upstream's mandos-ctl reads it: every
/// "digits, then an optional d, s, m, h or w" is summed, in any order and with repetitions, and
/// everything else is ignored. A number without a unit is milliseconds. This is more lenient than
/// the server's fallback (which wants whitespace-separated, suffixed numbers).
/// </summary>
internal static class LegacyInterval
{
    /// <summary>The interval in milliseconds; never fails (empty or unreadable text is 0).</summary>
    public static BigInteger ParseMilliseconds(string text)
    {
        BigInteger total = BigInteger.Zero;
        int i = 0;
        while (i < text.Length)
        {
            if (!char.IsDigit(text[i]))
            {
                i++;
                continue;
            }
            BigInteger number = BigInteger.Zero;
            for (; i < text.Length && char.IsDigit(text[i]); i++)
            {
                // Python's \d and int() take any decimal digit, not only ASCII ones.
                number = (number * 10) + (int)CharUnicodeInfo.GetDecimalDigitValue(text[i]);
            }
            long unit = 1;
            if (i < text.Length && TryUnit(text[i], out unit))
            {
                i++;
            }
            total += number * unit;
        }
        return total;
    }

    private static bool TryUnit(char suffix, out long milliseconds)
    {
        milliseconds = suffix switch
        {
            'd' => 86_400_000,
            's' => 1_000,
            'm' => 60_000,
            'h' => 3_600_000,
            'w' => 604_800_000,
            _ => 1,
        };
        return milliseconds != 1;
    }
}
