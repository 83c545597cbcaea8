using Mandos.Monitor.Clients;

namespace Mandos.Monitor.Tests;

/// <summary>Client records as the server would list them, with the defaults of a fresh, enabled client.</summary>
public static class ClientFactory
{
    public static MonitoredClient Make(string name, params (string Key, object Value)[] overrides)
    {
        var properties = new Dictionary<string, object>
        {
            ["Name"] = name,
            ["Enabled"] = true,
            ["ApprovalPending"] = false,
            ["ApprovedByDefault"] = true,
            ["ApprovalDelay"] = 0UL,
            ["LastApprovalRequest"] = "",
            ["LastCheckerStatus"] = (short)0,
            ["Expires"] = "",
        };
        foreach ((string key, object value) in overrides)
        {
            properties[key] = value;
        }
        return new MonitoredClient("/clients/" + name.Replace('-', '_').Replace('.', '_'), properties);
    }
}
