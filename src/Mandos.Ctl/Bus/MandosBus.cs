using Mandos.Core.DBus;
using Mandos.Ctl.Output;
using Tmds.DBus.Protocol;

namespace Mandos.Ctl.Bus;

/// <summary>
/// The Mandos server's D-Bus API on the system bus, as mandos-ctl uses it: ObjectManager's
/// GetManagedObjects for the clients, Properties.Set, Approve and RemoveClient. With a debug
/// writer, every call is logged first (as upstream's --debug does), never a secret's bytes.
/// </summary>
internal sealed class MandosBus : IServerConnection, IDisposable
{
    private const string ServiceUnknown = "org.freedesktop.DBus.Error.ServiceUnknown";
    private const string NameHasNoOwner = "org.freedesktop.DBus.Error.NameHasNoOwner";

    private readonly DBusConnection _connection;
    private readonly TextWriter? _debug;

    private MandosBus(DBusConnection connection, TextWriter? debug)
    {
        _connection = connection;
        _debug = debug;
    }

    /// <exception cref="ServerUnreachableException">There is no bus at <paramref name="address"/>.</exception>
    public static async Task<MandosBus> ConnectAsync(string address, TextWriter? debug)
    {
        debug?.WriteLine($"D-Bus: Connect to: (busname='{MandosBusNames.Service}', path='{MandosBusNames.ServerPath}')");
        var connection = new DBusConnection(address);
        try
        {
            await connection.ConnectAsync();
        }
        catch (Exception e) when (e is DBusExceptionBase or IOException or System.Net.Sockets.SocketException or ArgumentException)
        {
            connection.Dispose();
            throw new ServerUnreachableException($"Could not connect to Mandos server: {ConnectFailure(address, e)}");
        }
        return new MandosBus(connection, debug);
    }

    public async Task<IReadOnlyList<ClientObject>> GetClientsAsync()
    {
        Log(MandosBusNames.ServerPath, MandosBusNames.ObjectManager, "GetManagedObjects", "");
        MessageBuffer call;
        using (MessageWriter writer = _connection.GetMessageWriter())
        {
            writer.WriteMethodCallHeader(MandosBusNames.Service, MandosBusNames.ServerPath, MandosBusNames.ObjectManager,
                "GetManagedObjects", null, MessageFlags.None);
            call = writer.CreateMessage();
        }
        try
        {
            return await _connection.CallMethodAsync(call, static (Message reply, object? _) => ReadClients(reply), null);
        }
        catch (DBusErrorReplyException e) when (e.ErrorName is ServiceUnknown or NameHasNoOwner)
        {
            throw new ServerUnreachableException($"Could not connect to Mandos server: {e.ErrorMessage}");
        }
        catch (DBusErrorReplyException e)
        {
            throw new ServerUnreachableException($"Failed to access Mandos server through D-Bus:\n{e.ErrorMessage}");
        }
        catch (DBusExceptionBase e)
        {
            throw new ServerUnreachableException($"Failed to access Mandos server through D-Bus:\n{Describe(e)}");
        }
    }

    public Task SetPropertyAsync(ClientObject client, string property, VariantValue value)
    {
        string shown = property == "Secret" ? $"<{value.Count} bytes>" : PythonValue.Of(value);
        Log(client.Path, MandosBusNames.Properties, "Set", $"'{MandosBusNames.ClientInterface}', '{property}', {shown}");
        using MessageWriter writer = _connection.GetMessageWriter();
        writer.WriteMethodCallHeader(MandosBusNames.Service, client.Path, MandosBusNames.Properties, "Set", "ssv", MessageFlags.None);
        writer.WriteString(MandosBusNames.ClientInterface);
        writer.WriteString(property);
        writer.WriteVariant(value);
        return CallAsync(writer.CreateMessage(), client, $"set {property} of");
    }

    public Task ApproveAsync(ClientObject client, bool approve)
    {
        Log(client.Path, MandosBusNames.ClientInterface, "Approve", approve ? "True" : "False");
        using MessageWriter writer = _connection.GetMessageWriter();
        writer.WriteMethodCallHeader(MandosBusNames.Service, client.Path, MandosBusNames.ClientInterface, "Approve", "b", MessageFlags.None);
        writer.WriteBool(approve);
        return CallAsync(writer.CreateMessage(), client, approve ? "approve" : "deny");
    }

    public Task RemoveClientAsync(ClientObject client)
    {
        Log(MandosBusNames.ServerPath, MandosBusNames.ServerInterface, "RemoveClient", PythonRepr.Of(client.Path));
        using MessageWriter writer = _connection.GetMessageWriter();
        writer.WriteMethodCallHeader(MandosBusNames.Service, MandosBusNames.ServerPath, MandosBusNames.ServerInterface,
            "RemoveClient", "o", MessageFlags.None);
        writer.WriteObjectPath(client.Path);
        return CallAsync(writer.CreateMessage(), client, "remove");
    }

    public void Dispose() => _connection.Dispose();

    private async Task CallAsync(MessageBuffer call, ClientObject client, string what)
    {
        try
        {
            await _connection.CallMethodAsync(call);
        }
        catch (DBusErrorReplyException e)
        {
            throw new ClientActionException($"Could not {what} client {PythonRepr.Of(client.Name)}: {e.ErrorName}: {LastLine(e.ErrorMessage)}");
        }
        catch (DBusExceptionBase e)
        {
            throw new ClientActionException($"Could not {what} client {PythonRepr.Of(client.Name)}: {Describe(e)}");
        }
    }

    private static List<ClientObject> ReadClients(Message reply)
    {
        var clients = new List<ClientObject>();
        Reader reader = reply.GetBodyReader();
        ArrayEnd objects = reader.ReadDictionaryStart();
        while (reader.HasNext(objects))
        {
            string path = reader.ReadObjectPathAsString();
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
            if (properties is not null)
            {
                clients.Add(new ClientObject(path, properties));
            }
        }
        return clients;
    }

    private void Log(string path, string @interface, string member, string args) =>
        _debug?.WriteLine($"D-Bus: {MandosBusNames.Service}:{path}:{@interface}.{member}({args})");

    // libdbus's wording for the common case, the socket is not there; the address itself when unreadable.
    private static string ConnectFailure(string address, Exception e)
    {
        const string unixPath = "unix:path=";
        if (address.StartsWith(unixPath, StringComparison.Ordinal))
        {
            string socket = address[unixPath.Length..].Split(',')[0];
            if (!File.Exists(socket))
            {
                return $"Failed to connect to socket {socket}: No such file or directory";
            }
        }
        bool unreadable = false;
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            unreadable |= inner is ArgumentException;
        }
        return unreadable ? $"unusable D-Bus address {PythonRepr.Of(address)}" : Describe(e);
    }

    // A Python server's error message is its whole traceback; the last line says what happened.
    private static string LastLine(string message) =>
        message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? message;

    // The innermost message says what went wrong ("No such file or directory"), the outer ones only that it did.
    private static string Describe(Exception e)
    {
        string text = e.Message;
        for (Exception? inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            text = inner.Message;
        }
        return text;
    }
}
