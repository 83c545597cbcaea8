using Mandos.Server.Config;

namespace Mandos.Server.Clients;

/// <summary>
/// All clients, found by key_id. The first client (in clients.conf order) with a key_id wins, as
/// upstream's linear scan does; the key_id of an empty key is never matched. Clients can be
/// removed at run time (D-Bus RemoveClient) while connections look clients up: readers see one
/// consistent, immutable generation; removal builds the next.
/// </summary>
public sealed class ClientRegistry : IDisposable
{
    private readonly Lock _lock = new();
    private Generation _current;

    public ClientRegistry(IEnumerable<ClientRecord> clients) => _current = Generation.Of([.. clients]);

    public IReadOnlyList<ClientRecord> All => Volatile.Read(ref _current).All;

    public ClientRecord? FindByKeyId(string keyId) =>
        !KeyIdNormaliser.IsForbidden(keyId) && Volatile.Read(ref _current).ByKeyId.TryGetValue(keyId, out ClientRecord? client) ? client : null;

    /// <summary>Forgets <paramref name="client"/>; false when it was not (or no longer) here.</summary>
    public bool Remove(ClientRecord client)
    {
        lock (_lock)
        {
            if (!_current.All.Contains(client))
            {
                return false;
            }
            Volatile.Write(ref _current, Generation.Of([.. _current.All.Where(c => !ReferenceEquals(c, client))]));
            return true;
        }
    }

    public void Dispose()
    {
        foreach (ClientRecord client in All)
        {
            client.Dispose();
        }
    }

    private sealed record Generation(IReadOnlyList<ClientRecord> All, Dictionary<string, ClientRecord> ByKeyId)
    {
        public static Generation Of(List<ClientRecord> all)
        {
            var byKeyId = new Dictionary<string, ClientRecord>(StringComparer.Ordinal);
            foreach (ClientRecord client in all)
            {
                if (client.Settings.KeyId is { Length: > 0 } keyId && !KeyIdNormaliser.IsForbidden(keyId))
                {
                    byKeyId.TryAdd(keyId, client);
                }
            }
            return new Generation(all, byKeyId);
        }
    }
}
