namespace Mandos.Server.DBus;

/// <summary>Timestamps on D-Bus, as upstream's: naive UTC in ISO 8601, "" for none.</summary>
public static class BusTime
{
    /// <summary>
    /// Upstream sends Python's isoformat(), which drops the fraction when the microseconds are
    /// zero; upstream's own mandos-monitor then crashes parsing Expires. We always send six
    /// fractional digits, which every reader of the upstream format accepts.
    /// </summary>
    public static string Format(DateTime? time) =>
        time is DateTime t ? t.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'ffffff", System.Globalization.CultureInfo.InvariantCulture) : "";
}
