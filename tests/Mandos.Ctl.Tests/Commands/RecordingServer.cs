using Mandos.Core.DBus;
using Mandos.Ctl.Bus;
using Tmds.DBus.Protocol;

namespace Mandos.Ctl.Tests.Commands;

/// <summary>A server that records the calls made to it, as "Method path args".</summary>
internal sealed class RecordingServer(IReadOnlyList<ClientObject> clients) : IServerConnection
{
    public List<string> Calls { get; } = [];

    public Task<IReadOnlyList<ClientObject>> GetClientsAsync() => Task.FromResult(clients);

    public Task SetPropertyAsync(ClientObject client, string property, VariantValue value)
    {
        Calls.Add($"Set {client.Path} {property}={value}");
        return Task.CompletedTask;
    }

    public Task ApproveAsync(ClientObject client, bool approve)
    {
        Calls.Add($"Approve {client.Path} {approve}");
        return Task.CompletedTask;
    }

    public Task RemoveClientAsync(ClientObject client)
    {
        Calls.Add($"RemoveClient {client.Path}");
        return Task.CompletedTask;
    }
}
