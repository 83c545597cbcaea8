using Mandos.Core.DBus;
using Mandos.Core.Errors;
using Mandos.Core.Logging;
using Mandos.Server.Clients;
using Tmds.DBus.Protocol;

namespace Mandos.Server.DBus;

/// <summary>
/// The objects the server exports (docs/compatibility.md, "D-Bus API"): the server object /, the /clients node
/// and one object per client; every method call to any of them arrives here.
/// </summary>
public sealed class MandosBusService : IPathMethodHandler
{
    private static readonly string ServerXml = BusIntrospection.Server();

    private readonly BusSignals _signals;
    private readonly Func<ClientRecord, bool> _remove;
    private readonly Log _log;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ClientBusObject> _byPath = new(StringComparer.Ordinal);
    private readonly Dictionary<ClientRecord, ClientBusObject> _byClient = [];

    /// <param name="remove">Forgets a client for good (registry, saved state); false if it was already gone.</param>
    public MandosBusService(BusSignals signals, IEnumerable<ClientRecord> clients, Func<ClientRecord, bool> remove, Log log)
    {
        _signals = signals;
        _remove = remove;
        _log = log;
        foreach (ClientRecord client in clients)
        {
            string path = UniquePath(client.Name);
            var exported = new ClientBusObject(client, path, signals);
            _byPath[path] = exported;
            _byClient[client] = exported;
        }
    }

    public string Path => MandosBusNames.ServerPath;

    public bool HandlesChildPaths => true;

    /// <summary>
    /// Starts every client's signals and announces the clients (InterfacesAdded, ClientAdded),
    /// <paramref name="batch"/> at a time, awaiting <paramref name="drain"/> between batches so
    /// that no more than a batch of signals waits in memory for the bus to take it.
    /// </summary>
    public async Task AnnounceAsync(int batch, Func<Task> drain)
    {
        int sent = 0;
        foreach (ClientBusObject exported in Snapshot())
        {
            exported.Attach();
            SendAdded(exported);
            if (++sent % batch == 0)
            {
                await drain().ConfigureAwait(false);
            }
        }
    }

    /// <summary>At shutdown: every client object goes away (InterfacesRemoved, ClientRemoved).</summary>
    public void Withdraw()
    {
        foreach (ClientBusObject exported in Snapshot())
        {
            exported.Detach();
            SendRemoved(exported);
        }
    }

    public void SendClientNotFound(string keyId, string address) =>
        _signals.EmitTwice(Path, MandosBusNames.ServerInterface, MandosBusNames.LegacyServerInterface, "ClientNotFound", "ss",
            (ref MessageWriter w) =>
            {
                w.WriteString(keyId);
                w.WriteString(address);
            });

    public void SendGotSecret(ClientRecord client)
    {
        ClientBusObject? exported;
        lock (_lock)
        {
            exported = _byClient.GetValueOrDefault(client);
        }
        exported?.SendGotSecret();
    }

    public ValueTask HandleMethodAsync(MethodContext context)
    {
        string path = context.Request.PathAsString ?? "";
        try
        {
            if (path == MandosBusNames.ServerPath)
            {
                HandleServerMethod(context);
            }
            else if (path == MandosBusNames.ClientsPath)
            {
                HandleClientsNode(context);
            }
            else if (Find(path) is ClientBusObject exported)
            {
                exported.Handle(context);
            }
            else
            {
                context.ReplyError(BusErrors.UnknownObject, $"No such object: {path}");
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A malformed call (wrong body for its signature...) gets an error, never the server down.
            _log.Warning($"D-Bus call {context.Request.InterfaceAsString}.{context.Request.MemberAsString} on {path} failed: {ErrorText.Of(e)}");
            if (!context.ReplySent && !context.NoReplyExpected)
            {
                context.ReplyError(BusErrors.InvalidArgs, ErrorText.Of(e));
            }
        }
        return ValueTask.CompletedTask;
    }

    private void HandleServerMethod(MethodContext context)
    {
        Message request = context.Request;
        string member = request.MemberAsString ?? "";
        string signature = request.SignatureAsString ?? "";
        switch (request.InterfaceAsString, member)
        {
            case (MandosBusNames.ServerInterface or MandosBusNames.LegacyServerInterface or null, "RemoveClient") when signature == "o":
                RemoveClient(context, request.GetBodyReader().ReadObjectPathAsString());
                return;
            case (MandosBusNames.ServerInterface or MandosBusNames.LegacyServerInterface or null, "GetAllClients") when signature == "":
                {
                    MessageWriter writer = context.CreateReplyWriter("ao");
                    writer.WriteArray(Snapshot().Select(c => new ObjectPath(c.Path)).ToArray());
                    context.Reply(writer.CreateMessage());
                    writer.Dispose();
                    return;
                }
            case (MandosBusNames.ServerInterface or MandosBusNames.LegacyServerInterface or null, "GetAllClientsWithProperties") when signature == "":
                ReplyPerClient(context, "a{oa{sv}}", static (ClientBusObject exported, ref MessageWriter w) => exported.WriteProperties(ref w));
                return;
            case (MandosBusNames.ObjectManager or null, "GetManagedObjects") when signature == "":
                ReplyPerClient(context, "a{oa{sa{sv}}}", static (ClientBusObject exported, ref MessageWriter w) => exported.WriteInterfaces(ref w));
                return;
            case (MandosBusNames.Introspectable, "Introspect"):
                BusReplies.String(context, ServerXml);
                return;
            default:
                context.ReplyUnknownMethodError();
                return;
        }
    }

    private delegate void ClientValueWriter(ClientBusObject exported, ref MessageWriter writer);

    /// <summary>A dictionary from each client's path to what <paramref name="write"/> writes for it.</summary>
    private void ReplyPerClient(MethodContext context, string signature, ClientValueWriter write)
    {
        MessageWriter writer = context.CreateReplyWriter(signature);
        ArrayStart dict = writer.WriteDictionaryStart();
        foreach (ClientBusObject exported in Snapshot())
        {
            writer.WriteDictionaryEntryStart();
            writer.WriteObjectPath(exported.Path);
            write(exported, ref writer);
        }
        writer.WriteDictionaryEnd(dict);
        context.Reply(writer.CreateMessage());
        writer.Dispose();
    }

    private void HandleClientsNode(MethodContext context)
    {
        if (context.Request.InterfaceAsString == MandosBusNames.Introspectable && context.Request.MemberAsString == "Introspect")
        {
            BusReplies.String(context, BusIntrospection.ClientsNode(Snapshot().Select(c => c.Path[(MandosBusNames.ClientsPath.Length + 1)..])));
        }
        else
        {
            context.ReplyUnknownMethodError();
        }
    }

    /// <summary>Upstream's RemoveClient: unexport, disable quietly, forget; an unknown path is upstream's KeyError.</summary>
    private void RemoveClient(MethodContext context, string path)
    {
        ClientBusObject? exported;
        lock (_lock)
        {
            if (_byPath.Remove(path, out exported))
            {
                _byClient.Remove(exported.Client);
            }
        }
        if (exported is null)
        {
            context.ReplyError(BusErrors.NoSuchClient, path);
            return;
        }
        exported.Detach();
        _remove(exported.Client);
        _log.Info($"Client {exported.Client.Name} removed over D-Bus");
        SendRemoved(exported);
        BusReplies.Empty(context);
    }

    private void SendAdded(ClientBusObject exported)
    {
        _signals.Emit(Path, MandosBusNames.ObjectManager, "InterfacesAdded", "oa{sa{sv}}", (ref MessageWriter w) =>
        {
            w.WriteObjectPath(exported.Path);
            exported.WriteInterfaces(ref w);
        });
        _signals.EmitTwice(Path, MandosBusNames.ServerInterface, MandosBusNames.LegacyServerInterface, "ClientAdded", "o",
            (ref MessageWriter w) => w.WriteObjectPath(exported.Path));
    }

    private void SendRemoved(ClientBusObject exported)
    {
        _signals.Emit(Path, MandosBusNames.ObjectManager, "InterfacesRemoved", "oas", (ref MessageWriter w) =>
        {
            w.WriteObjectPath(exported.Path);
            w.WriteArray(ClientBusObject.Interfaces.ToArray());
        });
        _signals.EmitTwice(Path, MandosBusNames.ServerInterface, MandosBusNames.LegacyServerInterface, "ClientRemoved", "os",
            (ref MessageWriter w) =>
            {
                w.WriteObjectPath(exported.Path);
                w.WriteString(exported.Client.Name);
            });
    }

    private ClientBusObject? Find(string path)
    {
        lock (_lock)
        {
            return _byPath.GetValueOrDefault(path);
        }
    }

    private List<ClientBusObject> Snapshot()
    {
        lock (_lock)
        {
            return [.. _byPath.Values];
        }
    }

    /// <summary>Names that map to one path ("a.b", "a-b") get a suffix rather than failing as upstream's would.</summary>
    private string UniquePath(string name)
    {
        string path = MandosBusNames.ClientPath(name);
        string unique = path;
        for (int n = 2; _byPath.ContainsKey(unique); n++)
        {
            unique = $"{path}_{n}";
        }
        if (unique != path)
        {
            _log.Warning($"Client {name}: D-Bus path {path} is taken by another client; using {unique}");
        }
        return unique;
    }
}
