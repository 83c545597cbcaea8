using Mandos.Core.DBus;
using Tmds.DBus.Protocol;

namespace Mandos.Monitor.DBus;

/// <summary>
/// The monitor's side of the server's D-Bus API (docs/compatibility.md, "D-Bus API"): lists the clients, follows
/// the server's signals (through whichever process owns the bus name, so a restarted server is
/// followed too) and sends the client commands, fire-and-forget as upstream does.
/// </summary>
public sealed class MandosServerLink : IDisposable
{
    private const string BusName = "org.freedesktop.DBus";
    private readonly DBusConnection _connection;
    private readonly IServerEvents _events;
    private readonly Action<Action> _dispatch;
    private readonly List<IDisposable> _subscriptions = [];

    private MandosServerLink(DBusConnection connection, IServerEvents events, Action<Action> dispatch)
    {
        _connection = connection;
        _events = events;
        _dispatch = dispatch;
    }

    /// <summary>
    /// Connects to the system bus (DBUS_SYSTEM_BUS_ADDRESS), subscribes to the signals, then lists
    /// the clients. <paramref name="dispatch"/> runs each event on the UI's thread.
    /// </summary>
    public static async Task<MandosServerLink> ConnectAsync(IServerEvents events, Action<Action> dispatch)
    {
        string address = DBusAddress.System ?? throw new InvalidOperationException("no D-Bus system bus address");
        var connection = new DBusConnection(address);
        await connection.ConnectAsync();
        var link = new MandosServerLink(connection, events, dispatch);
        await link.SubscribeAsync();
        await link.ListClientsAsync();
        return link;
    }

    /// <summary>GetAllClientsWithProperties, reported as ClientsListed or ServerUnreachable.</summary>
    public async Task ListClientsAsync()
    {
        MessageBuffer call;
        using (MessageWriter writer = _connection.GetMessageWriter())
        {
            writer.WriteMethodCallHeader(MandosBusNames.Service, MandosBusNames.ServerPath, MandosBusNames.ServerInterface,
                "GetAllClientsWithProperties", null, MessageFlags.None);
            call = writer.CreateMessage();
        }
        try
        {
            var clients = await _connection.CallMethodAsync(call, static (Message message, object? _) =>
            {
                Reader reader = message.GetBodyReader();
                var all = new Dictionary<string, IReadOnlyDictionary<string, object>>(StringComparer.Ordinal);
                ArrayEnd end = reader.ReadDictionaryStart();
                while (reader.HasNext(end))
                {
                    string path = reader.ReadObjectPathAsString();
                    all[path] = PropertyReader.ReadProperties(ref reader);
                }
                return all;
            }, null);
            _dispatch(() => _events.ClientsListed(clients));
        }
        catch (Exception e) when (e is DBusErrorReplyException or DBusConnectionException)
        {
            _dispatch(_events.ServerUnreachable);
        }
    }

    public void SetEnabled(string path, bool enabled) => SetBool(path, "Enabled", enabled);

    public void SetCheckerRunning(string path, bool running) => SetBool(path, "CheckerRunning", running);

    public void Approve(string path, bool approve) =>
        Send(path, MandosBusNames.ClientInterface, "Approve", "b", (ref MessageWriter writer) => writer.WriteBool(approve));

    public void CheckedOk(string path) => Send(path, MandosBusNames.ClientInterface, "CheckedOK", null, (ref MessageWriter _) => { });

    public void Remove(string path) =>
        Send(MandosBusNames.ServerPath, MandosBusNames.ServerInterface, "RemoveClient", "o", (ref MessageWriter writer) => writer.WriteObjectPath(path));

    private void SetBool(string path, string property, bool value) =>
        Send(path, MandosBusNames.Properties, "Set", "ssv", (ref MessageWriter writer) =>
        {
            writer.WriteString(MandosBusNames.ClientInterface);
            writer.WriteString(property);
            writer.WriteVariantBool(value);
        });

    /// <summary>Writes a call's arguments (by reference: MessageWriter is a struct).</summary>
    private delegate void BodyWriter(ref MessageWriter writer);

    private void Send(string path, string iface, string member, string? signature, BodyWriter body)
    {
        MessageWriter writer = _connection.GetMessageWriter();
        try
        {
            writer.WriteMethodCallHeader(MandosBusNames.Service, path, iface, member, signature, MessageFlags.None);
            body(ref writer);
            _ = SendAsync(writer.CreateMessage());
        }
        finally
        {
            writer.Dispose();
        }
    }

    private async Task SendAsync(MessageBuffer call)
    {
        try
        {
            await _connection.CallMethodAsync(call);
        }
        catch (Exception e) when (e is DBusErrorReplyException or DBusConnectionException)
        {
            // Fire-and-forget, as upstream (ignore_reply): the server's signals show what happened.
        }
    }

    private async Task SubscribeAsync()
    {
        await WatchAsync(new MatchRule { Type = MessageType.Signal, Sender = BusName, Path = "/org/freedesktop/DBus", Interface = BusName,
            Member = "NameOwnerChanged", Arg0 = MandosBusNames.Service }, OnNameOwnerChanged);
        await WatchServerAsync(MandosBusNames.ObjectManager, "InterfacesAdded", OnInterfacesAdded);
        await WatchServerAsync(MandosBusNames.ObjectManager, "InterfacesRemoved", OnInterfacesRemoved);
        await WatchServerAsync(MandosBusNames.ServerInterface, "ClientNotFound", message =>
        {
            Reader reader = message.GetBodyReader();
            string keyId = reader.ReadString();
            string address = reader.ReadString();
            return () => _events.ClientNotFound(keyId, address);
        });
        await WatchClientsAsync(MandosBusNames.Properties, "PropertiesChanged", OnPropertiesChanged);
        await WatchClientsAsync(MandosBusNames.ClientInterface, "CheckerCompleted", message =>
        {
            string path = message.PathAsString!;
            Reader reader = message.GetBodyReader();
            short exitCode = reader.ReadInt16();
            long waitStatus = reader.ReadInt64();
            string command = reader.ReadString();
            return () => _events.CheckerCompleted(path, exitCode, waitStatus, command);
        });
        await WatchClientsAsync(MandosBusNames.ClientInterface, "CheckerStarted", message =>
        {
            string path = message.PathAsString!;
            string command = message.GetBodyReader().ReadString();
            return () => _events.CheckerStarted(path, command);
        });
        await WatchClientsAsync(MandosBusNames.ClientInterface, "GotSecret", message =>
        {
            string path = message.PathAsString!;
            return () => _events.GotSecret(path);
        });
        await WatchClientsAsync(MandosBusNames.ClientInterface, "NeedApproval", message =>
        {
            string path = message.PathAsString!;
            Reader reader = message.GetBodyReader();
            ulong timeout = reader.ReadUInt64();
            bool approvedByDefault = reader.ReadBool();
            return () => _events.NeedApproval(path, timeout, approvedByDefault);
        });
        await WatchClientsAsync(MandosBusNames.ClientInterface, "Rejected", message =>
        {
            string path = message.PathAsString!;
            string reason = message.GetBodyReader().ReadString();
            return () => _events.Rejected(path, reason);
        });
    }

    private Action? OnNameOwnerChanged(Message message)
    {
        Reader reader = message.GetBodyReader();
        reader.ReadString();
        reader.ReadString();
        string newOwner = reader.ReadString();
        if (newOwner.Length == 0)
        {
            return _events.ServerGone;
        }
        // A (re)started server: list its clients again, whatever it announces itself.
        return () => _ = ListClientsAsync();
    }

    private Action? OnInterfacesAdded(Message message)
    {
        Reader reader = message.GetBodyReader();
        string path = reader.ReadObjectPathAsString();
        Dictionary<string, object>? properties = null;
        ArrayEnd end = reader.ReadDictionaryStart();
        while (reader.HasNext(end))
        {
            string iface = reader.ReadString();
            Dictionary<string, object> values = PropertyReader.ReadProperties(ref reader);
            if (iface == MandosBusNames.ClientInterface)
            {
                properties = values;
            }
        }
        return properties is null ? null : () => _events.ClientAdded(path, properties);
    }

    private Action? OnInterfacesRemoved(Message message)
    {
        Reader reader = message.GetBodyReader();
        string path = reader.ReadObjectPathAsString();
        string[] interfaces = reader.ReadArrayOfString();
        return interfaces.Contains(MandosBusNames.ClientInterface) ? () => _events.ClientRemoved(path) : null;
    }

    private Action? OnPropertiesChanged(Message message)
    {
        string path = message.PathAsString!;
        Reader reader = message.GetBodyReader();
        if (reader.ReadString() != MandosBusNames.ClientInterface)
        {
            return null;
        }
        Dictionary<string, object> changes = PropertyReader.ReadProperties(ref reader);
        return () => _events.PropertiesChanged(path, changes);
    }

    private Task WatchServerAsync(string iface, string member, Func<Message, Action?> decode) =>
        WatchAsync(new MatchRule { Type = MessageType.Signal, Sender = MandosBusNames.Service, Path = MandosBusNames.ServerPath,
            Interface = iface, Member = member }, decode);

    private Task WatchClientsAsync(string iface, string member, Func<Message, Action?> decode) =>
        WatchAsync(new MatchRule { Type = MessageType.Signal, Sender = MandosBusNames.Service, PathNamespace = MandosBusNames.ClientsPath,
            Interface = iface, Member = member }, decode);

    private async Task WatchAsync(MatchRule rule, Func<Message, Action?> decode)
    {
        IDisposable subscription = await _connection.AddMatchAsync(rule, (Message message, object? _) => decode(message),
            (Notification<Action?> notification) =>
            {
                if (notification.HasValue && notification.Value is Action run)
                {
                    _dispatch(run);
                }
            },
            false, ObserverFlags.None, null);
        _subscriptions.Add(subscription);
    }

    public void Dispose()
    {
        foreach (IDisposable subscription in _subscriptions)
        {
            subscription.Dispose();
        }
        _connection.Dispose();
    }
}
