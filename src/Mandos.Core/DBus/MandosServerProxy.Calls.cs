using Tmds.DBus.Protocol;

namespace Mandos.Core.DBus;

/// <summary>The server's methods: listing the clients, setting a client's property, Approve, CheckedOK, RemoveClient.</summary>
public sealed partial class MandosServerProxy
{
    /// <summary>ObjectManager's GetManagedObjects: every object with the client interface, in the order the server lists them.</summary>
    /// <exception cref="DBusExceptionBase">The call failed or the server answered with an error.</exception>
    public async Task<IReadOnlyList<ClientObject>> GetManagedClientsAsync()
    {
        MessageBuffer call;
        using (MessageWriter writer = _connection.GetMessageWriter())
        {
            writer.WriteMethodCallHeader(MandosBusNames.Service, MandosBusNames.ServerPath, MandosBusNames.ObjectManager,
                "GetManagedObjects", null, MessageFlags.None);
            call = writer.CreateMessage();
        }
        return await _connection.CallMethodAsync(call, static (Message reply, object? _) => ReadManagedClients(reply), null);
    }

    /// <summary>The server's own GetAllClientsWithProperties: each client's properties by object path.</summary>
    /// <exception cref="DBusExceptionBase">The call failed or the server answered with an error.</exception>
    public async Task<IReadOnlyList<ClientObject>> GetAllClientsWithPropertiesAsync()
    {
        MessageBuffer call;
        using (MessageWriter writer = _connection.GetMessageWriter())
        {
            writer.WriteMethodCallHeader(MandosBusNames.Service, MandosBusNames.ServerPath, MandosBusNames.ServerInterface,
                "GetAllClientsWithProperties", null, MessageFlags.None);
            call = writer.CreateMessage();
        }
        return await _connection.CallMethodAsync(call, static (Message reply, object? _) =>
        {
            Reader reader = reply.GetBodyReader();
            var clients = new List<ClientObject>();
            ArrayEnd end = reader.ReadDictionaryStart();
            while (reader.HasNext(end))
            {
                string path = reader.ReadObjectPathAsString();
                clients.Add(new ClientObject(path, reader.ReadDictionaryOfStringToVariantValue()));
            }
            return clients;
        }, null);
    }

    /// <summary>Properties.Set of a property of the client interface on the client at <paramref name="path"/>.</summary>
    public Task SetPropertyAsync(string path, string property, VariantValue value)
    {
        using MessageWriter writer = _connection.GetMessageWriter();
        writer.WriteMethodCallHeader(MandosBusNames.Service, path, MandosBusNames.Properties, "Set", "ssv", MessageFlags.None);
        writer.WriteString(MandosBusNames.ClientInterface);
        writer.WriteString(property);
        writer.WriteVariant(value);
        return _connection.CallMethodAsync(writer.CreateMessage());
    }

    /// <summary>The client's Approve(b): true approves, false denies.</summary>
    public Task ApproveAsync(string path, bool approve)
    {
        using MessageWriter writer = _connection.GetMessageWriter();
        writer.WriteMethodCallHeader(MandosBusNames.Service, path, MandosBusNames.ClientInterface, "Approve", "b", MessageFlags.None);
        writer.WriteBool(approve);
        return _connection.CallMethodAsync(writer.CreateMessage());
    }

    /// <summary>The client's CheckedOK(): as if its checker had just succeeded.</summary>
    public Task CheckedOkAsync(string path)
    {
        using MessageWriter writer = _connection.GetMessageWriter();
        writer.WriteMethodCallHeader(MandosBusNames.Service, path, MandosBusNames.ClientInterface, "CheckedOK", null, MessageFlags.None);
        return _connection.CallMethodAsync(writer.CreateMessage());
    }

    /// <summary>The server's RemoveClient(o).</summary>
    public Task RemoveClientAsync(string path)
    {
        using MessageWriter writer = _connection.GetMessageWriter();
        writer.WriteMethodCallHeader(MandosBusNames.Service, MandosBusNames.ServerPath, MandosBusNames.ServerInterface,
            "RemoveClient", "o", MessageFlags.None);
        writer.WriteObjectPath(path);
        return _connection.CallMethodAsync(writer.CreateMessage());
    }

    private static List<ClientObject> ReadManagedClients(Message reply)
    {
        var clients = new List<ClientObject>();
        Reader reader = reply.GetBodyReader();
        ArrayEnd objects = reader.ReadDictionaryStart();
        while (reader.HasNext(objects))
        {
            string path = reader.ReadObjectPathAsString();
            if (ReadClientInterface(ref reader) is { } properties)
            {
                clients.Add(new ClientObject(path, properties));
            }
        }
        return clients;
    }

    /// <summary>Reads an <c>a{sa{sv}}</c> of interfaces and their properties; the client interface's, or null without it.</summary>
    private static Dictionary<string, VariantValue>? ReadClientInterface(ref Reader reader)
    {
        Dictionary<string, VariantValue>? properties = null;
        ArrayEnd interfaces = reader.ReadDictionaryStart();
        while (reader.HasNext(interfaces))
        {
            string name = reader.ReadString();
            Dictionary<string, VariantValue> values = reader.ReadDictionaryOfStringToVariantValue();
            if (name == MandosBusNames.ClientInterface)
            {
                properties = values;
            }
        }
        return properties;
    }
}
