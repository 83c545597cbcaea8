using Mandos.Core.DBus;
using Tmds.DBus.Protocol;

namespace Mandos.Monitor.DBus;

/// <summary>
/// The monitor's side of the server's D-Bus API (docs/compatibility.md, "D-Bus API"), through
/// <see cref="MandosServerProxy"/>: lists the clients, follows the server's signals (through
/// whichever process owns the bus name, so a restarted server is followed too), each as an
/// <see cref="IServerEvents"/> call on the UI's thread, and sends the client commands,
/// fire-and-forget as upstream does.
/// </summary>
public sealed class MandosServerLink : IDisposable
{
    private readonly MandosServerProxy _server;
    private readonly IServerEvents _events;
    private readonly Action<Action> _dispatch;

    private MandosServerLink(MandosServerProxy server, IServerEvents events, Action<Action> dispatch)
    {
        _server = server;
        _events = events;
        _dispatch = dispatch;
    }

    /// <summary>
    /// Connects to the system bus (DBUS_SYSTEM_BUS_ADDRESS), subscribes to the signals, then lists
    /// the clients. <paramref name="dispatch"/> runs each event on the UI's thread.
    /// </summary>
    public static async Task<MandosServerLink> ConnectAsync(IServerEvents events, Action<Action> dispatch)
    {
        var link = new MandosServerLink(await MandosServerProxy.ConnectAsync(SystemBusAddress.Current()), events, dispatch);
        await link.SubscribeAsync();
        await link.ListClientsAsync();
        return link;
    }

    /// <summary>GetAllClientsWithProperties, reported as ClientsListed or ServerUnreachable.</summary>
    public async Task ListClientsAsync()
    {
        try
        {
            IReadOnlyList<ClientObject> listed = await _server.GetAllClientsWithPropertiesAsync();
            var clients = new Dictionary<string, IReadOnlyDictionary<string, object>>(StringComparer.Ordinal);
            foreach (ClientObject client in listed)
            {
                clients[client.Path] = PropertyValues.ToObjects(client.Properties);
            }
            _dispatch(() => _events.ClientsListed(clients));
        }
        catch (Exception e) when (e is DBusErrorReplyException or DBusConnectionException)
        {
            _dispatch(_events.ServerUnreachable);
        }
    }

    public void SetEnabled(string path, bool enabled) => _ = IgnoreReplyAsync(_server.SetPropertyAsync(path, "Enabled", enabled));

    public void SetCheckerRunning(string path, bool running) => _ = IgnoreReplyAsync(_server.SetPropertyAsync(path, "CheckerRunning", running));

    public void Approve(string path, bool approve) => _ = IgnoreReplyAsync(_server.ApproveAsync(path, approve));

    public void CheckedOk(string path) => _ = IgnoreReplyAsync(_server.CheckedOkAsync(path));

    public void Remove(string path) => _ = IgnoreReplyAsync(_server.RemoveClientAsync(path));

    public void Dispose() => _server.Dispose();

    private static async Task IgnoreReplyAsync(Task call)
    {
        try
        {
            await call;
        }
        catch (Exception e) when (e is DBusErrorReplyException or DBusConnectionException)
        {
            // Fire-and-forget, as upstream (ignore_reply): the server's signals show what happened.
        }
    }

    private async Task SubscribeAsync()
    {
        await _server.WatchOwnerAsync(newOwner => _dispatch(newOwner.Length == 0
            ? _events.ServerGone
            // A (re)started server: list its clients again, whatever it announces itself.
            : () => _ = ListClientsAsync()));
        await _server.WatchClientAddedAsync(client =>
        {
            Dictionary<string, object> properties = PropertyValues.ToObjects(client.Properties);
            _dispatch(() => _events.ClientAdded(client.Path, properties));
        });
        await _server.WatchClientRemovedAsync(path => _dispatch(() => _events.ClientRemoved(path)));
        await _server.WatchServerSignalAsync("ClientNotFound", message =>
        {
            Reader reader = message.GetBodyReader();
            string keyId = reader.ReadString();
            string address = reader.ReadString();
            return () => _events.ClientNotFound(keyId, address);
        }, _dispatch);
        await _server.WatchClientPropertiesAsync(client =>
        {
            Dictionary<string, object> changes = PropertyValues.ToObjects(client.Properties);
            _dispatch(() => _events.PropertiesChanged(client.Path, changes));
        });
        await _server.WatchClientSignalAsync("CheckerCompleted", message =>
        {
            string path = message.PathAsString!;
            Reader reader = message.GetBodyReader();
            short exitCode = reader.ReadInt16();
            long waitStatus = reader.ReadInt64();
            string command = reader.ReadString();
            return () => _events.CheckerCompleted(path, exitCode, waitStatus, command);
        }, _dispatch);
        await _server.WatchClientSignalAsync("CheckerStarted", message =>
        {
            string path = message.PathAsString!;
            string command = message.GetBodyReader().ReadString();
            return () => _events.CheckerStarted(path, command);
        }, _dispatch);
        await _server.WatchClientSignalAsync("GotSecret", message =>
        {
            string path = message.PathAsString!;
            return () => _events.GotSecret(path);
        }, _dispatch);
        await _server.WatchClientSignalAsync("NeedApproval", message =>
        {
            string path = message.PathAsString!;
            Reader reader = message.GetBodyReader();
            ulong timeout = reader.ReadUInt64();
            bool approvedByDefault = reader.ReadBool();
            return () => _events.NeedApproval(path, timeout, approvedByDefault);
        }, _dispatch);
        await _server.WatchClientSignalAsync("Rejected", message =>
        {
            string path = message.PathAsString!;
            string reason = message.GetBodyReader().ReadString();
            return () => _events.Rejected(path, reason);
        }, _dispatch);
    }
}
