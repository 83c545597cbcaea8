using Mandos.Core.Errors;
using Mandos.Core.Logging;
using Tmds.DBus.Protocol;

namespace Mandos.Server.Zeroconf;

/// <summary>
/// Announces the server by Zeroconf through the Avahi daemon on the D-Bus system bus, in the
/// background, for as long as it runs: it follows the daemon's owner of
/// <c>org.freedesktop.Avahi</c>, so the service is announced again after the daemon restarts,
/// and withdraws it at dispose. Unlike upstream, which exits, no Avahi or D-Bus problem stops
/// the server: clients given <c>--connect</c> still need it. Such a problem is logged once.
/// </summary>
public sealed class ServerAnnouncer : IAsyncDisposable
{
    /// <summary>How long withdrawing the service may hold up the server's exit.</summary>
    public static readonly TimeSpan WithdrawLimit = TimeSpan.FromSeconds(2);

    private readonly ServiceAnnouncement _service;
    private readonly string _busAddress;
    private readonly Log _log;
    private readonly CancellationTokenSource _stop = new();
    private Task _running = Task.CompletedTask;
    private string _name;
    private int _renames;

    public ServerAnnouncer(ServiceAnnouncement service, string busAddress, Log log)
    {
        _service = service;
        _busAddress = busAddress;
        _log = log;
        _name = service.Name;
    }

    /// <summary>Raised with the new name after each rename on a collision.</summary>
    public event Action<string>? Renamed;

    public void Start() => _running = Task.Run(() => RunAsync(_stop.Token));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running;
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken stop)
    {
        using var bus = new DBusConnection(_busAddress);
        try
        {
            await bus.ConnectAsync().AsTask().WaitAsync(stop);
            using NameOwnerWatcher avahi = await bus.WatchNameOwnerAsync(AvahiApi.BusName);
            while (!stop.IsCancellationRequested)
            {
                string owner = await WaitForAvahiAsync(avahi, stop);
                await PublishAsync(new AvahiServer(bus, owner), avahi.GetOwnerChangedCancellationToken(owner), stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // Whatever goes wrong here (no bus, a bus that went away, a protocol error), serving goes on.
            _log.Error($"Zeroconf: D-Bus system bus ({_busAddress}): {ErrorText.Of(e)}; the service is not announced, clients need --connect");
            _log.Debug(e.ToString());
        }
    }

    private async Task<string> WaitForAvahiAsync(NameOwnerWatcher avahi, CancellationToken stop)
    {
        if (avahi.GetCurrentOwner() is string owner)
        {
            return owner;
        }
        _log.Warning($"Zeroconf: the Avahi daemon is not running (nobody owns {AvahiApi.BusName} on the system bus); " +
                     "the service is announced when it starts, clients need --connect until then");
        owner = await avahi.WaitForOwnerAsync(stop);
        _log.Info("Zeroconf: the Avahi daemon is running");
        return owner;
    }

    /// <summary>Publishes through one daemon until it leaves the bus or the server stops.</summary>
    private async Task PublishAsync(AvahiServer server, CancellationToken ownerGone, CancellationToken stop)
    {
        var publication = new AvahiPublication(server, _service, _name, _renames, _log);
        publication.Renamed += name => Renamed?.Invoke(name);
        using var session = CancellationTokenSource.CreateLinkedTokenSource(ownerGone, stop);
        try
        {
            await publication.RunAsync(session.Token);
        }
        catch (Exception e) when (ownerGone.IsCancellationRequested && !stop.IsCancellationRequested &&
                                  e is OperationCanceledException or DBusOwnerChangedException or DBusErrorReplyException)
        {
            _log.Warning("Zeroconf: the Avahi daemon left the system bus; the service is announced again when it returns");
        }
        catch (DBusErrorReplyException e) when (!stop.IsCancellationRequested)
        {
            // A daemon that just quit answers "ServiceUnknown" a moment before the bus says it left.
            await WaitAsync(TimeSpan.FromSeconds(1), session.Token);
            if (ownerGone.IsCancellationRequested)
            {
                _log.Warning("Zeroconf: the Avahi daemon left the system bus; the service is announced again when it returns");
            }
            else
            {
                _log.Error($"Zeroconf: Avahi: {e.ErrorMessage} ({e.ErrorName}); the service is not announced until the daemon restarts");
                await WaitAsync(Timeout.InfiniteTimeSpan, session.Token);
            }
        }
        finally
        {
            _name = publication.Name;
            _renames = publication.Renames;
            if (stop.IsCancellationRequested && !ownerGone.IsCancellationRequested)
            {
                await publication.WithdrawAsync(WithdrawLimit);
            }
        }
    }

    private static async Task WaitAsync(TimeSpan limit, CancellationToken until)
    {
        try
        {
            await Task.Delay(limit, until);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
