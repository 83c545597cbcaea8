using Mandos.Core.DBus;
using Mandos.Core.Logging;
using Mandos.Server.Clients;
using Tmds.DBus.Protocol;

namespace Mandos.Server.DBus;

/// <summary>
/// The server's presence on the system bus (upstream.md §3.11): owns se.recompile.Mandos and the
/// legacy se.bsnet.fukt.Mandos, exports the objects, announces the clients; at shutdown
/// withdraws them. No bus, or a name already taken: one warning ("Disabling D-Bus") and the
/// server serves on without it, as upstream.
/// </summary>
public sealed class MandosBus : IDisposable
{
    private readonly DBusConnection _connection;
    private readonly Log _log;

    private MandosBus(DBusConnection connection, MandosBusService service, Log log)
    {
        _connection = connection;
        Service = service;
        _log = log;
    }

    public MandosBusService Service { get; }

    /// <summary>Connects and exports; null (after one warning) when D-Bus cannot be used.</summary>
    public static async Task<MandosBus?> StartAsync(IEnumerable<ClientRecord> clients, Func<ClientRecord, bool> remove, Log log)
    {
        string? address = DBusAddress.System;
        if (string.IsNullOrEmpty(address))
        {
            log.Warning("No D-Bus system bus address; Disabling D-Bus");
            return null;
        }
        var connection = new DBusConnection(address);
        try
        {
            await connection.ConnectAsync().ConfigureAwait(false);
            var service = new MandosBusService(new BusSignals(connection), clients, remove, log);
            connection.AddMethodHandler(service);
            foreach (string name in new[] { MandosBusNames.Service, MandosBusNames.LegacyService })
            {
                if (!await connection.TryRequestNameAsync(name, RequestNameOptions.None).ConfigureAwait(false))
                {
                    log.Warning($"D-Bus name {name} is taken (is another Mandos server running?); Disabling D-Bus");
                    connection.Dispose();
                    return null;
                }
            }
            var bus = new MandosBus(connection, service, log);
            service.Announce();
            bus.WatchDisconnect();
            log.Debug($"D-Bus: serving {MandosBusNames.Service} on {address}");
            return bus;
        }
        catch (Exception e) when (e is DBusExceptionBase or IOException or System.Net.Sockets.SocketException or UnauthorizedAccessException)
        {
            log.Warning($"Could not use the D-Bus system bus ({address}): {e.Message}; Disabling D-Bus");
            connection.Dispose();
            return null;
        }
    }

    /// <summary>Clients go away (InterfacesRemoved, ClientRemoved), then the connection and the names.</summary>
    public void Dispose()
    {
        Service.Withdraw();
        _connection.Dispose();
    }

    private void WatchDisconnect() =>
        _ = _connection.DisconnectedAsync().ContinueWith(t =>
        {
            if (t.Result is Exception reason)
            {
                _log.Warning($"Lost the D-Bus system bus: {reason.Message}; serving on without D-Bus");
            }
        }, TaskScheduler.Default);
}
