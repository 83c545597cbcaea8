using Mandos.Core.Config;

namespace Mandos.Server.Clients;

/// <summary>
/// All clients, found by key_id. The first client (in clients.conf order) with a key_id wins, as
/// upstream's linear scan does; the key_id of an empty key is never matched.
/// </summary>
public sealed class ClientRegistry : IDisposable
{
    private readonly Dictionary<string, ClientRecord> _byKeyId = new(StringComparer.Ordinal);
    private readonly List<ClientRecord> _all = [];

    public ClientRegistry(IEnumerable<ClientRecord> clients)
    {
        foreach (ClientRecord client in clients)
        {
            _all.Add(client);
            if (client.KeyId is { Length: > 0 } keyId && !KeyIdNormaliser.IsForbidden(keyId))
            {
                _byKeyId.TryAdd(keyId, client);
            }
        }
    }

    public IReadOnlyList<ClientRecord> All => _all;

    public ClientRecord? FindByKeyId(string keyId) =>
        !KeyIdNormaliser.IsForbidden(keyId) && _byKeyId.TryGetValue(keyId, out ClientRecord? client) ? client : null;

    public void Dispose()
    {
        foreach (ClientRecord client in _all)
        {
            client.Dispose();
        }
    }
}
