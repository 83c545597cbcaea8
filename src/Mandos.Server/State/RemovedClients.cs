namespace Mandos.Server.State;

/// <summary>The removal markers to save: those restored, and clients removed while running.</summary>
public sealed class RemovedClients(IEnumerable<RemovedClient> restored)
{
    private readonly Lock _lock = new();
    private readonly List<RemovedClient> _markers = [.. restored];

    public void Add(RemovedClient marker)
    {
        lock (_lock)
        {
            _markers.RemoveAll(m => m.Name == marker.Name);
            _markers.Add(marker);
        }
    }

    public IReadOnlyList<RemovedClient> Snapshot()
    {
        lock (_lock)
        {
            return [.. _markers];
        }
    }
}
