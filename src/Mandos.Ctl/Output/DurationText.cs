using System.Globalization;

namespace Mandos.Ctl.Output;

/// <summary>Milliseconds as the table shows them: <c>00:05:00</c>, or with whole days first, <c>1T02:03:05</c>.</summary>
internal static class DurationText
{
    public static string FromMilliseconds(Int128 milliseconds)
    {
        // Python's timedelta floors: -1 ms is -1 day + 23:59:59.999.
        Int128 seconds = Int128.Abs(milliseconds) == milliseconds ? milliseconds / 1000 : ((milliseconds + 1) / 1000) - 1;
        Int128 days = seconds >= 0 ? seconds / 86400 : ((seconds + 1) / 86400) - 1;
        long rest = (long)(seconds - (days * 86400));
        string prefix = days != 0 ? string.Create(CultureInfo.InvariantCulture, $"{days}T") : "";
        return string.Create(CultureInfo.InvariantCulture, $"{prefix}{rest / 3600:00}:{rest % 3600 / 60:00}:{rest % 60:00}");
    }
}
