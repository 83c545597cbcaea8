using Tmds.DBus.Protocol;

namespace Mandos.Core.DBus;

/// <summary>
/// The client side of the Mandos server's D-Bus API, shared by mandos-ctl and mandos-monitor: one
/// connection to a bus, the server's methods (<c>.Calls</c>) and its signals (<c>.Signals</c>).
/// Failures surface as Tmds.DBus.Protocol's exceptions; each program words them itself.
/// </summary>
public sealed partial class MandosServerProxy : IDisposable
{
    private readonly DBusConnection _connection;
    private readonly List<IDisposable> _subscriptions = [];

    private MandosServerProxy(DBusConnection connection) => _connection = connection;

    /// <summary>Connects to the bus at <paramref name="address"/> (see <see cref="SystemBusAddress"/>).</summary>
    /// <exception cref="DBusExceptionBase">The bus refused the connection.</exception>
    /// <exception cref="IOException">The bus could not be reached.</exception>
    /// <exception cref="System.Net.Sockets.SocketException">The bus could not be reached.</exception>
    /// <exception cref="ArgumentException">The address cannot be read.</exception>
    public static async Task<MandosServerProxy> ConnectAsync(string address)
    {
        var connection = new DBusConnection(address);
        try
        {
            await connection.ConnectAsync();
        }
        catch
        {
            connection.Dispose();
            throw;
        }
        return new MandosServerProxy(connection);
    }

    /// <summary>Ends the signal subscriptions, then the connection.</summary>
    public void Dispose()
    {
        foreach (IDisposable subscription in _subscriptions)
        {
            subscription.Dispose();
        }
        _connection.Dispose();
    }
}
