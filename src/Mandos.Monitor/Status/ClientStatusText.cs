using Mandos.Monitor.Clients;

namespace Mandos.Monitor.Status;

/// <summary>The line upstream shows for a client in the upper pane: <c>NAME: status</c>.</summary>
public static class ClientStatusText
{
    public static string For(MonitoredClient client, DateTime utcNow) => $"{client.Name}: {Status(client, utcNow)}";

    /// <summary>True when the status holds a countdown that must be redrawn every second.</summary>
    public static bool IsCountingDown(MonitoredClient client) =>
        client.Enabled && (client.ApprovalPending || client.LastCheckerStatus != 0);

    public static string Status(MonitoredClient client, DateTime utcNow)
    {
        if (!client.Enabled)
        {
            return "DISABLED";
        }
        if (client.ApprovalPending)
        {
            // The server decides after ApprovalDelay from the request.
            TimeSpan left = DBusTimestamp.Parse(client.LastApprovalRequest) is DateTime requested
                ? Left(client.ApprovalDelay, utcNow - requested)
                : TimeSpan.Zero;
            string timer = PythonTimeDelta.Format(left);
            return client.ApprovedByDefault ? $"Approval in {timer}. (d)eny?" : $"Denial in {timer}. (a)pprove?";
        }
        if (client.LastCheckerStatus != 0)
        {
            TimeSpan left = DBusTimestamp.Parse(client.Expires) is DateTime expires ? expires - utcNow : TimeSpan.Zero;
            return "A checker has failed! Time until client gets disabled: " + PythonTimeDelta.Format(left);
        }
        return "enabled";
    }

    // A server may report more milliseconds than a TimeSpan holds (Python's timedelta reaches
    // 999,999,999 days, TimeSpan about 10.7 million): counted exactly, and a countdown longer
    // than a TimeSpan shows as the longest one.
    private static TimeSpan Left(ulong delayMilliseconds, TimeSpan elapsed)
    {
        Int128 ticks = ((Int128)delayMilliseconds * TimeSpan.TicksPerMillisecond) - elapsed.Ticks;
        return ticks > TimeSpan.MaxValue.Ticks ? TimeSpan.MaxValue : new TimeSpan((long)ticks);
    }
}
