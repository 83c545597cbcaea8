using System.Globalization;

namespace Mandos.Monitor.Status;

/// <summary>
/// The server's time strings: Python <c>isoformat()</c> of naive UTC, <c>2019-02-03T00:00:00</c> or
/// <c>2019-02-03T00:00:00.123456</c>; <c>""</c> means none. Upstream's monitor crashes on an
/// Expires without a fraction; this accepts both forms.
/// </summary>
public static class DBusTimestamp
{
    private static readonly string[] Formats = ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF"];

    public static DateTime? Parse(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        return DateTime.TryParseExact(text, Formats, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime at)
            ? at
            : null;
    }
}
