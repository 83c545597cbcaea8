using Mandos.Core.DBus;

namespace Mandos.Ctl.Bus;

/// <summary>Which clients the commands work on: all of them, or those named, in the order named (each once).</summary>
internal static class ClientSelection
{
    /// <exception cref="ClientNotFoundException">A name matches no client's Name property.</exception>
    public static IReadOnlyList<ClientObject> Select(IReadOnlyList<ClientObject> clients, IReadOnlyList<string> names)
    {
        if (names.Count == 0)
        {
            return clients;
        }
        var selected = new List<ClientObject>();
        foreach (string name in names)
        {
            ClientObject client = clients.FirstOrDefault(c => c.Name == name) ?? throw new ClientNotFoundException(name);
            if (!selected.Any(c => c.Path == client.Path))
            {
                selected.Add(client);
            }
        }
        return selected;
    }
}
