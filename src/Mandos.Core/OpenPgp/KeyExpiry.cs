using System.Globalization;

namespace Mandos.Core.OpenPgp;

/// <summary>
/// GnuPG's expiration syntax, as <c>mandos-keygen --expire</c> passes it to gpg's
/// <c>Expire-Date</c>: <c>0</c>/<c>none</c>/<c>never</c> (no expiry), <c>N</c> days,
/// <c>Nd</c>/<c>Nw</c>/<c>Nm</c>/<c>Ny</c> (days, weeks, 30-day months, 365-day years),
/// <c>seconds=N</c>, an ISO date <c>YYYY-MM-DD</c> or an ISO time <c>YYYYMMDDTHHMMSS</c> (UTC).
/// </summary>
public static class KeyExpiry
{
    /// <summary>
    /// Parses <paramref name="text"/> relative to <paramref name="now"/> (UTC). On success,
    /// <paramref name="lifetime"/> is null for "never", else the time from key creation to expiry.
    /// </summary>
    public static bool TryParse(string text, DateTime now, out TimeSpan? lifetime)
    {
        lifetime = null;
        string s = text.Trim();
        if (s is "0" or "none" or "never" or "-")
        {
            return true;
        }
        if (s.StartsWith("seconds=", StringComparison.Ordinal))
        {
            return TryPositive(s["seconds=".Length..], 1, out lifetime);
        }
        if (TryAbsolute(s, now, out lifetime))
        {
            return lifetime is not null;
        }
        return TryRelative(s, out lifetime);
    }

    private static bool TryRelative(string s, out TimeSpan? lifetime)
    {
        lifetime = null;
        if (s.Length == 0)
        {
            return false;
        }
        long daysPerUnit = char.ToLowerInvariant(s[^1]) switch
        {
            'd' => 1,
            'w' => 7,
            'm' => 30,
            'y' => 365,
            _ => 0,
        };
        string number = daysPerUnit == 0 ? s : s[..^1];
        return TryPositive(number, 86400 * Math.Max(daysPerUnit, 1), out lifetime);
    }

    private static bool TryPositive(string number, long secondsPerUnit, out TimeSpan? lifetime)
    {
        lifetime = null;
        if (number.Length == 0 || !number.All(char.IsAsciiDigit)
            || !long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out long n))
        {
            return false;
        }
        if (n == 0)
        {
            return true; // "0d" means never, as in gpg
        }
        // OpenPGP stores the lifetime as 32-bit seconds.
        if (n > uint.MaxValue || n * secondsPerUnit > uint.MaxValue)
        {
            return false;
        }
        long seconds = n * secondsPerUnit;
        lifetime = TimeSpan.FromSeconds(seconds);
        return true;
    }

    // Returns true when s is an absolute date; lifetime stays null if that date is not in the future.
    private static bool TryAbsolute(string s, DateTime now, out TimeSpan? lifetime)
    {
        lifetime = null;
        DateTime when;
        if (DateTime.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime day))
        {
            when = day.AddHours(12); // gpg takes the middle of the day
        }
        else if (!DateTime.TryParseExact(s, "yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture,
                     DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out when))
        {
            return false;
        }
        TimeSpan span = when - now;
        if (span > TimeSpan.Zero && span.TotalSeconds <= uint.MaxValue)
        {
            lifetime = TimeSpan.FromSeconds(Math.Floor(span.TotalSeconds));
        }
        return true;
    }
}
