namespace Mandos.Monitor.Status;

/// <summary>
/// Countdowns as upstream shows them: Python's <c>str(timedelta)</c> without the fraction, e.g.
/// <c>0:00:59</c>, <c>1:02:03</c>, <c>1 day, 0:00:00</c>, <c>3 days, 4:05:06</c>.
/// </summary>
public static class PythonTimeDelta
{
    /// <summary>Formats a non-negative span (negative ones count as zero, as upstream clamps them).</summary>
    public static string Format(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }
        long totalSeconds = span.Ticks / TimeSpan.TicksPerSecond;
        long days = totalSeconds / 86400;
        long rest = totalSeconds % 86400;
        string clock = $"{rest / 3600}:{rest / 60 % 60:00}:{rest % 60:00}";
        return days == 0 ? clock : $"{days} day{(days == 1 ? "" : "s")}, {clock}";
    }
}
