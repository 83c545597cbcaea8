namespace Mandos.Monitor.Clients;

/// <summary>
/// What the monitor knows of one client object on the server: the property cache that
/// GetAllClientsWithProperties, InterfacesAdded and PropertiesChanged fill. Values are kept as the
/// D-Bus types converted to .NET (bool, ulong, short, string); unknown properties are kept too.
/// </summary>
public sealed class MonitoredClient
{
    private readonly Dictionary<string, object> _properties;

    public MonitoredClient(string objectPath, IReadOnlyDictionary<string, object> properties)
    {
        ObjectPath = objectPath;
        _properties = new Dictionary<string, object>(properties, StringComparer.Ordinal);
    }

    public string ObjectPath { get; }

    public string Name => Get("Name", ObjectPath);

    public bool Enabled => Get("Enabled", false);

    public bool ApprovalPending => Get("ApprovalPending", false);

    public bool ApprovedByDefault => Get("ApprovedByDefault", true);

    /// <summary>Milliseconds.</summary>
    public ulong ApprovalDelay => Get("ApprovalDelay", 0UL);

    /// <summary>Python isoformat() of naive UTC, or "".</summary>
    public string LastApprovalRequest => Get("LastApprovalRequest", "");

    /// <summary>-2: no checker ran yet; -1: the last one crashed; else its exit code.</summary>
    public short LastCheckerStatus => Get("LastCheckerStatus", (short)-2);

    /// <summary>Python isoformat() of naive UTC, or "".</summary>
    public string Expires => Get("Expires", "");

    /// <summary>Takes the changed values; true when any of them differs from what was cached.</summary>
    public bool Update(IReadOnlyDictionary<string, object> changes)
    {
        bool changed = false;
        foreach ((string key, object value) in changes)
        {
            if (!_properties.TryGetValue(key, out object? old) || !old.Equals(value))
            {
                _properties[key] = value;
                changed = true;
            }
        }
        return changed;
    }

    private T Get<T>(string key, T fallback) => _properties.TryGetValue(key, out object? value) && value is T typed ? typed : fallback;
}
