using Mandos.Core.DBus;
using Tmds.DBus.Protocol;

namespace Mandos.Ctl.Bus;

/// <summary>What mandos-ctl asks of a Mandos server: its clients, and changes to them.</summary>
internal interface IServerConnection
{
    /// <summary>Every client object, in the order the server lists them.</summary>
    Task<IReadOnlyList<ClientObject>> GetClientsAsync();

    /// <summary>Sets a property of interface se.recompile.Mandos.Client.</summary>
    Task SetPropertyAsync(ClientObject client, string property, VariantValue value);

    /// <summary>Calls Approve(b) on the client.</summary>
    Task ApproveAsync(ClientObject client, bool approve);

    /// <summary>Calls RemoveClient(o) on the server object.</summary>
    Task RemoveClientAsync(ClientObject client);
}
