using Mandos.Core.DBus;
using Mandos.Core.Errors;
using Mandos.Core.Logging;
using Mandos.Server.Clients;
using Tmds.DBus.Protocol;

namespace Mandos.Server.DBus;

/// <summary>
/// The server's presence on the system bus (docs/compatibility.md, "D-Bus API"): owns se.recompile.Mandos and the
/// legacy se.bsnet.fukt.Mandos, exports the objects, announces the clients; at shutdown
/// withdraws them. No bus, or a name already taken: one warning ("Disabling D-Bus") and the
/// server serves on without it, as upstream.
/// </summary>
public sealed class MandosBus : IDisposable
{
    /// <summary>Clients announced between two round trips to the bus daemon.</summary>
    private const int AnnounceBatch = 200;

    private readonly DBusConnection _connection;
    private readonly Log _log;
    private Task _announced = Task.CompletedTask;

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
            bus.WatchDisconnect();
            log.Debug($"D-Bus: serving {MandosBusNames.Service} on {address}");
            // The objects answer calls already; announcing 10,000 clients takes seconds, and the
            // server must not wait for it to serve.
            bus._announced = bus.AnnounceAsync();
            return bus;
        }
        catch (Exception e) when (e is DBusExceptionBase or IOException or System.Net.Sockets.SocketException or UnauthorizedAccessException)
        {
            log.Warning($"Could not use the D-Bus system bus ({address}): {ErrorText.Of(e)}; Disabling D-Bus");
            connection.Dispose();
            return null;
        }
    }

    /// <summary>Clients go away (InterfacesRemoved, ClientRemoved), then the connection and the names.</summary>
    public void Dispose()
    {
        try
        {
            _announced.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
            // Logged where it happened.
        }
        Service.Withdraw();
        _connection.Dispose();
    }

    private async Task AnnounceAsync()
    {
        try
        {
            await Service.AnnounceAsync(AnnounceBatch, DrainAsync).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DBusExceptionBase or IOException or ObjectDisposedException)
        {
            _log.Warning($"D-Bus: announcing the clients failed: {ErrorText.Of(e)}");
        }
    }

    /// <summary>A round trip to the bus daemon: it handles messages in order, so everything sent before has left our queue.</summary>
    private Task DrainAsync()
    {
        MessageWriter writer = _connection.GetMessageWriter();
        try
        {
            writer.WriteMethodCallHeader("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "GetId", null, MessageFlags.None);
            return _connection.CallMethodAsync(writer.CreateMessage());
        }
        finally
        {
            writer.Dispose();
        }
    }

    private void WatchDisconnect() =>
        _ = _connection.DisconnectedAsync().ContinueWith(t =>
        {
            if (t.Result is Exception reason)
            {
                _log.Warning($"Lost the D-Bus system bus: {ErrorText.Of(reason)}; serving on without D-Bus");
            }
        }, TaskScheduler.Default);
}
