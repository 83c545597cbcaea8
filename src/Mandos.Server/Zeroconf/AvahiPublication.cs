using System.Threading.Channels;
using Mandos.Core.Errors;
using Mandos.Core.Logging;
using Tmds.DBus.Protocol;

namespace Mandos.Server.Zeroconf;

/// <summary>
/// The service as published through one running Avahi daemon, following upstream's
/// AvahiService: add it when the daemon is RUNNING, withdraw it while the daemon is not, and on
/// a name collision (local or on the network) take Avahi's alternative name ("Mandos #2", …) and
/// add it again. Signals are queued and handled one at a time, in order.
/// </summary>
public sealed class AvahiPublication(AvahiServer server, ServiceAnnouncement service, string name, int renames, Log log)
{
    /// <summary>Upstream gives up after this many renames.</summary>
    public const int MaxRenames = 32768;

    private readonly Channel<AvahiStateChange> _changes = Channel.CreateUnbounded<AvahiStateChange>();
    private AvahiEntryGroup? _group;
    private IDisposable? _groupWatch;

    /// <summary>The name announced, or to be announced: <c>servicename</c> or an alternative after collisions.</summary>
    public string Name { get; private set; } = name;

    public int Renames { get; private set; } = renames;

    /// <summary>Raised with the new name after each rename.</summary>
    public event Action<string>? Renamed;

    /// <summary>Publishes and follows the daemon's states until <paramref name="cancel"/>.</summary>
    public async Task RunAsync(CancellationToken cancel)
    {
        using IDisposable watch = await server.WatchStateAsync((state, error) =>
            _changes.Writer.TryWrite(new AvahiStateChange(AvahiApi.ServerPath, (int)state, error)));
        await OnServerStateAsync(await server.GetStateAsync(), "");
        await foreach (AvahiStateChange change in _changes.Reader.ReadAllAsync(cancel))
        {
            if (change.Path == AvahiApi.ServerPath)
            {
                await OnServerStateAsync((AvahiServerState)change.State, change.Error);
            }
            else if (change.Path == _group?.Path)
            {
                await OnGroupStateAsync((AvahiEntryGroupState)change.State, change.Error);
            }
        }
    }

    /// <summary>Withdraws the service (Avahi sends goodbye packets), within <paramref name="limit"/>.</summary>
    public async Task WithdrawAsync(TimeSpan limit)
    {
        try
        {
            await FreeGroupAsync().WaitAsync(limit);
            log.Debug($"Zeroconf service \"{Name}\" withdrawn");
        }
        catch (Exception e) when (e is DBusExceptionBase or TimeoutException)
        {
            log.Debug($"Zeroconf: withdrawing the service failed: {ErrorText.Of(e)}");
        }
    }

    private async Task OnServerStateAsync(AvahiServerState state, string error)
    {
        log.Debug($"Avahi server state change: {(int)state}");
        string? problem = state switch
        {
            AvahiServerState.Invalid => "Zeroconf server invalid",
            AvahiServerState.Collision => "Zeroconf server name collision",
            AvahiServerState.Failure => "Zeroconf server failure",
            _ => null,
        };
        switch (state)
        {
            case AvahiServerState.Running:
                await AddAsync();
                break;
            case AvahiServerState.Registering:
                // The daemon is (re)registering its host name; it says RUNNING when done.
                await FreeGroupAsync();
                break;
            case AvahiServerState.Invalid or AvahiServerState.Collision or AvahiServerState.Failure:
                log.Error(error.Length == 0 ? problem! : $"{problem}: {error}");
                await FreeGroupAsync();
                break;
            default:
                log.Debug($"Unknown Avahi server state: {(int)state} {error}");
                break;
        }
    }

    private async Task OnGroupStateAsync(AvahiEntryGroupState state, string error)
    {
        log.Debug($"Avahi entry group state change: {(int)state}");
        switch (state)
        {
            case AvahiEntryGroupState.Established:
                log.Info($"Zeroconf service \"{Name}\" ({ServiceAnnouncement.ServiceType}, port {service.Port}) established");
                break;
            case AvahiEntryGroupState.Collision:
                log.Info("Zeroconf service name collision.");
                if (await RenameAsync())
                {
                    await AddAsync();
                }
                break;
            case AvahiEntryGroupState.Failure:
                // Upstream raises here; its main loop only logs that. The server serves on.
                log.Error($"Avahi: Error in group state changed {error}; the service is not announced");
                await FreeGroupAsync();
                break;
        }
    }

    /// <summary>(Re)adds the service under <see cref="Name"/>, renaming on a local collision.</summary>
    private async Task AddAsync()
    {
        while (true)
        {
            if (_group is null)
            {
                _group = await server.EntryGroupNewAsync();
                AvahiEntryGroup group = _group;
                _groupWatch = await group.WatchStateAsync((state, error) =>
                    _changes.Writer.TryWrite(new AvahiStateChange(group.Path, (int)state, error)));
            }
            else
            {
                await _group.ResetAsync();
            }
            log.Debug($"Adding Zeroconf service '{Name}' of type '{ServiceAnnouncement.ServiceType}' ...");
            try
            {
                await _group.AddServiceAsync(service, Name);
                await _group.CommitAsync();
                return;
            }
            catch (DBusErrorReplyException e) when (e.ErrorName == AvahiApi.CollisionError)
            {
                log.Info("Local Zeroconf service name collision.");
                if (!await RenameAsync())
                {
                    return;
                }
            }
            catch (DBusErrorReplyException e)
            {
                // Upstream exits here; a server that cannot be announced can still be reached by
                // clients given --connect, so it serves on.
                log.Error($"Zeroconf: Avahi refused the service \"{Name}\": {e.ErrorMessage} ({e.ErrorName}); the service is not announced");
                await FreeGroupAsync();
                return;
            }
        }
    }

    private async Task<bool> RenameAsync()
    {
        if (Renames >= MaxRenames)
        {
            log.Error($"No suitable Zeroconf service name found after {Renames} retries; the service is not announced");
            await FreeGroupAsync();
            return false;
        }
        Name = await server.GetAlternativeServiceNameAsync(Name);
        Renames++;
        log.Info($"Changing Zeroconf service name to '{Name}' ...");
        Renamed?.Invoke(Name);
        return true;
    }

    private async Task FreeGroupAsync()
    {
        AvahiEntryGroup? group = _group;
        _group = null;
        _groupWatch?.Dispose();
        _groupWatch = null;
        if (group is not null)
        {
            try
            {
                await group.FreeAsync();
            }
            catch (DBusErrorReplyException e)
            {
                log.Debug($"Zeroconf: freeing the entry group failed: {ErrorText.Of(e)}");
            }
        }
    }
}
