using Mandos.Core.DBus;
using Mandos.Core.Errors;
using Mandos.Ctl.Output;
using Tmds.DBus.Protocol;

namespace Mandos.Ctl.Bus;

/// <summary>
/// mandos-ctl's <see cref="IServerConnection"/> over the server's D-Bus API (through
/// <see cref="MandosServerProxy"/>): with a debug writer every call is logged first (as upstream's
/// --debug does), never a secret's bytes, and each failure becomes the line upstream prints.
/// </summary>
internal sealed class BusServerConnection : IServerConnection, IDisposable
{
    private const string ServiceUnknown = "org.freedesktop.DBus.Error.ServiceUnknown";
    private const string NameHasNoOwner = "org.freedesktop.DBus.Error.NameHasNoOwner";

    private readonly MandosServerProxy _server;
    private readonly TextWriter? _debug;

    private BusServerConnection(MandosServerProxy server, TextWriter? debug)
    {
        _server = server;
        _debug = debug;
    }

    /// <exception cref="ServerUnreachableException">There is no bus at <paramref name="address"/>.</exception>
    public static async Task<BusServerConnection> ConnectAsync(string address, TextWriter? debug)
    {
        debug?.WriteLine($"D-Bus: Connect to: (busname='{MandosBusNames.Service}', path='{MandosBusNames.ServerPath}')");
        try
        {
            return new BusServerConnection(await MandosServerProxy.ConnectAsync(address), debug);
        }
        catch (Exception e) when (e is DBusExceptionBase or IOException or System.Net.Sockets.SocketException or ArgumentException)
        {
            throw new ServerUnreachableException($"Could not connect to Mandos server: {ConnectFailure(address, e)}");
        }
    }

    public async Task<IReadOnlyList<ClientObject>> GetClientsAsync()
    {
        Log(MandosBusNames.ServerPath, MandosBusNames.ObjectManager, "GetManagedObjects", "");
        try
        {
            return await _server.GetManagedClientsAsync();
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
        return CallAsync(() => _server.SetPropertyAsync(client.Path, property, value), client, $"set {property} of");
    }

    public Task ApproveAsync(ClientObject client, bool approve)
    {
        Log(client.Path, MandosBusNames.ClientInterface, "Approve", approve ? "True" : "False");
        return CallAsync(() => _server.ApproveAsync(client.Path, approve), client, approve ? "approve" : "deny");
    }

    public Task RemoveClientAsync(ClientObject client)
    {
        Log(MandosBusNames.ServerPath, MandosBusNames.ServerInterface, "RemoveClient", PythonRepr.Of(client.Path));
        return CallAsync(() => _server.RemoveClientAsync(client.Path), client, "remove");
    }

    public void Dispose() => _server.Dispose();

    private static async Task CallAsync(Func<Task> call, ClientObject client, string what)
    {
        try
        {
            await call();
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

    private void Log(string path, string @interface, string member, string args) =>
        _debug?.WriteLine($"D-Bus: {MandosBusNames.Service}:{path}:{@interface}.{member}({args})");

    // libdbus's wording for the common case, the socket is not there; the address itself when unreadable.
    private static string ConnectFailure(string address, Exception e)
    {
        const string UnixPath = "unix:path=";
        if (address.StartsWith(UnixPath, StringComparison.Ordinal))
        {
            string socket = address[UnixPath.Length..].Split(',')[0];
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
        string text = ErrorText.Of(e);
        for (Exception? inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            text = ErrorText.Of(inner);
        }
        return text;
    }
}
