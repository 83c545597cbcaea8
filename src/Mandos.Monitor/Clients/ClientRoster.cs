namespace Mandos.Monitor.Clients;

/// <summary>The server's clients by object path, listed sorted by Name as the upper pane shows them.</summary>
public sealed class ClientRoster
{
    private readonly Dictionary<string, MonitoredClient> _byPath = new(StringComparer.Ordinal);
    private List<MonitoredClient> _sorted = [];

    public IReadOnlyList<MonitoredClient> Sorted => _sorted;

    public bool TryGet(string path, out MonitoredClient client) => _byPath.TryGetValue(path, out client!);

    /// <summary>Adds a client, or updates the one already at that path; true when it was new.</summary>
    public bool Upsert(string path, IReadOnlyDictionary<string, object> properties)
    {
        if (_byPath.TryGetValue(path, out MonitoredClient? known))
        {
            known.Update(properties);
            Sort();
            return false;
        }
        _byPath[path] = new MonitoredClient(path, properties);
        Sort();
        return true;
    }

    public bool Remove(string path)
    {
        bool removed = _byPath.Remove(path);
        Sort();
        return removed;
    }

    public void Clear()
    {
        _byPath.Clear();
        _sorted = [];
    }

    /// <summary>Re-sorts after a change (a Name never changes, but a client may come and go).</summary>
    public void Sort() => _sorted = _byPath.Values.OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
}
