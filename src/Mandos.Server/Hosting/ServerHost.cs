using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Mandos.Core.Logging;
using Mandos.Server.Checkers;
using Mandos.Server.Clients;
using Mandos.Server.Config;
using Mandos.Server.DBus;
using Mandos.Server.Listener;
using Mandos.Server.State;
using Mandos.Server.State.Upstream;
using Mandos.Server.Zeroconf;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using Tmds.DBus.Protocol;

namespace Mandos.Server.Hosting;

/// <summary>
/// The running server, in upstream's start-up order (docs/compatibility.md, "Start-up and shutdown"): read the clients, bind,
/// write the PID file, drop privileges, restore state, start the clients' timers, listen, serve
/// until SIGTERM, SIGHUP or SIGINT; then save the state and exit 0.
/// </summary>
public sealed class ServerHost(ServerSettings settings, string configDir, Log log)
{
    /// <summary>Upstream's state file, when it was taken over at this start; renamed once clients.json holds it.</summary>
    private UpstreamStateFile? _takenOver;

    /// <summary>clients.json's time before the first save of a start that took upstream's state over (null: none).</summary>
    private DateTime? _stateSavedBefore;

    /// <summary>
    /// How long routine changes (checker results, approvals) may wait to be saved: a second per
    /// thousand clients, from 1 to 30 s. A save writes every client, and 10,000 clients finish a
    /// checker about 80 times a second; saving each second would churn ~9 MB/s for timestamps a
    /// crash may lose harmlessly. Enabling and disabling are saved at once regardless.
    /// </summary>
    public static TimeSpan RoutineSaveDelay(int clients) => TimeSpan.FromSeconds(Math.Clamp(clients / 1000, 1, 30));

    public async Task<int> RunAsync()
    {
        (Socket socket, ClientRegistry clients, IReadOnlyList<RemovedClient> removed, StateFile stateFile) = Prepare();
        using Socket listening = socket;
        using ClientRegistry registry = clients;
        // With 10,000 clients the parsed files and merge results are most of the heap; they are
        // garbage now, so give the memory back before serving for months.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var removals = new RemovedClients(removed);
        await using var saver = new StateSaver(stateFile,
            () => (clients.All.Select(c => c.Snapshot()).ToList(), removals.Snapshot()), log.Error, TimeProvider.System, RoutineSaveDelay(clients.All.Count));
        foreach (ClientRecord client in clients.All)
        {
            // Enabling or disabling reaches the disk before anything else happens; checker
            // results and the like are saved within a second, coalesced.
            client.EnabledChanged += _ => saver.SaveNowAsync().GetAwaiter().GetResult();
            client.StateChanged += _ => saver.SaveSoon();
            client.Start(Random.Shared);
        }
        await saver.SaveNowAsync();
        FinishTakeover(stateFile);
        using MandosBus? bus = settings.UseDbus
            ? await MandosBus.StartAsync(clients.All, client => Remove(client, clients, removals, saver), log)
            : null;

        LogListening((IPEndPoint)socket.LocalEndPoint!);
        await using ServerAnnouncer? announcer = settings.Zeroconf ? StartAnnouncer(((IPEndPoint)socket.LocalEndPoint!).Port) : null;
        var systemd = SystemdNotifier.FromEnvironment();
        WarnIf(systemd.Problem);
        await ServeAsync(socket, clients, systemd, bus?.Service);
        WarnIf(systemd.Stopping());
        foreach (ClientRecord client in clients.All)
        {
            client.StopChecker();
        }
        log.Info("Server exiting");
        return 0;
    }

    /// <summary>
    /// Upstream's start-up up to the clients: clients.conf read as root (it is 0600 root), bind,
    /// PID file, privilege drop, then secfiles (so they must be readable by _mandos, as upstream)
    /// and the saved state. Only what serving needs outlives this method.
    /// </summary>
    private (Socket, ClientRegistry, IReadOnlyList<RemovedClient>, StateFile) Prepare()
    {
        string clientsPath = Path.Combine(configDir, "clients.conf");
        IniDocument? clientsFile = ClientsConfigReader.ReadDocument(clientsPath);
        WarnIfReadableByOthers(clientsPath);
        (int? passed, bool owned) = Daemon.PassedSocket(settings.Socket);
        Socket socket = ListeningSocketFactory.Create(
            new ListenAddress(settings.Address, settings.Port, settings.Interface, settings.UseIpv6, passed, owned), log);
        try
        {
            if (!settings.RunsInForeground)
            {
                WarnIf(PidFile.TryWrite(PidFile.DefaultPath));
            }
            DropPrivileges();
            ClientsConfig config = InterpretClients(clientsPath, clientsFile);
            var stateFile = new StateFile(settings.StateDirectory);
            StateMergeResult restored = Restore(config, stateFile);
            return (socket, CreateClients(restored), restored.Removed, stateFile);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task ServeAsync(Socket socket, ClientRegistry clients, SystemdNotifier systemd, MandosBusService? bus)
    {
        using var shutdown = new CancellationTokenSource();
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            log.Debug($"Received {context.Signal}, exiting");
            shutdown.Cancel();
        }
        using PosixSignalRegistration term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using PosixSignalRegistration hup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSignal);
        using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        if (Daemon.IsChild)
        {
            Daemon.Detach();
        }
        var crypto = new BcTlsCrypto(new SecureRandom());
        var handler = new ConnectionHandler(clients, crypto, log, settings.ConnectionTimeout);
        if (bus is not null)
        {
            handler.ClientNotFound += bus.SendClientNotFound;
            handler.GotSecret += bus.SendGotSecret;
        }
        // Ready only now that a SIGTERM would be handled (and STOPPING sent).
        WarnIf(systemd.Ready($"Serving {clients.All.Count} clients"));
        var table = new ConnectionTable(settings.MaxConnections, settings.MaxConnectionsPerHost, TimeProvider.System);
        await new ConnectionListener(socket, handler, table, log).RunAsync(shutdown.Token);
    }

    /// <summary>
    /// D-Bus RemoveClient: the client stops (quietly disabled), leaves the registry, and a marker
    /// keeps it removed across restarts while its clients.conf section stays as it is; saved at once.
    /// </summary>
    private static bool Remove(ClientRecord client, ClientRegistry clients, RemovedClients removals, StateSaver saver)
    {
        if (!clients.Remove(client))
        {
            return false;
        }
        client.Retire();
        removals.Add(new RemovedClient(client.Name, client.AppliedConfig));
        saver.SaveNowAsync().GetAwaiter().GetResult();
        return true;
    }

    private ClientsConfig InterpretClients(string path, IniDocument? file)
    {
        ClientsConfig config = ClientsConfigReader.Interpret(path, file);
        foreach (string warning in config.Warnings)
        {
            log.Warning(warning);
        }
        return config;
    }

    /// <summary>clients.conf holds every client's secret; upstream installs it 0600 root.</summary>
    private void WarnIfReadableByOthers(string path)
    {
        const UnixFileMode OthersRead = UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        UnixFileMode fileMode = File.Exists(path) ? File.GetUnixFileMode(path) : UnixFileMode.None;
        if ((fileMode & OthersRead) != 0)
        {
            string mode = Convert.ToString((int)fileMode, 8).PadLeft(4, '0');
            log.Warning($"{path} holds the clients' secrets but is readable by group or others (mode {mode}); run: chmod 600 {path}");
        }
    }

    /// <summary>As upstream: to _mandos (or nobody) once the socket is bound; not being root is only a warning.</summary>
    private void DropPrivileges()
    {
        ServiceAccount target = PrivilegeDrop.ChooseTarget();
        if (Environment.IsPrivilegedProcess)
        {
            WarnIf(StateDirectory.EnsureExists(settings.StateDirectory, target));
        }
        string? problem = PrivilegeDrop.DropTo(target);
        if (problem is null)
        {
            log.Debug($"Did setuid/setgid to {target}");
        }
        WarnIf(problem);
    }

    private StateMergeResult Restore(ClientsConfig config, StateFile stateFile)
    {
        StateLoadResult saved = settings.Restore ? Load(config, stateFile) : StateLoadResult.Empty;
        if (saved.Note is not null)
        {
            log.Info(saved.Note);
        }
        WarnIf(saved.Warning);
        StateMergeResult merged = StateMerger.Merge(config.Clients, saved, DateTime.UtcNow);
        foreach (string warning in merged.Warnings)
        {
            log.Warning(warning);
        }
        foreach (string note in merged.DebugNotes)
        {
            log.Debug(note);
        }
        return merged;
    }

    /// <summary>
    /// Our clients.json; or, on the first start after an upgrade from upstream's server (Debian's
    /// package), the clients.pickle it left, so that no client it disabled comes back enabled.
    /// A clients.pickle newer than clients.json was written by upstream's server after ours had
    /// run (a downgrade, then this upgrade again): it is the latest state and wins. One older than
    /// clients.json is one whose takeover finished but could not be renamed: ours is newer.
    /// </summary>
    private StateLoadResult Load(ClientsConfig config, StateFile stateFile)
    {
        var upstream = new UpstreamStateFile(settings.StateDirectory);
        if (!upstream.Exists || (File.Exists(stateFile.FilePath)
            && File.GetLastWriteTimeUtc(upstream.FilePath) <= File.GetLastWriteTimeUtc(stateFile.FilePath)))
        {
            return stateFile.Load();
        }
        UpstreamTakeover takeover = upstream.Load(config.Clients, DateTime.UtcNow);
        foreach (string warning in takeover.Warnings)
        {
            log.Warning(warning);
        }
        if (takeover.Saved.Warning is not null)
        {
            // Refused or unreadable: never in place of a state of ours, which would bring back
            // every client disabled or removed since.
            log.Warning(takeover.Saved.Warning + (File.Exists(stateFile.FilePath)
                ? $"; keeping to the state in {stateFile.FilePath}"
                : "; starting from clients.conf: check which clients the old server had disabled, and disable them again"));
            return stateFile.Load();
        }
        _takenOver = upstream;
        _stateSavedBefore = SavedAt(stateFile);
        return takeover.Saved;
    }

    private static DateTime? SavedAt(StateFile stateFile) =>
        File.Exists(stateFile.FilePath) ? File.GetLastWriteTimeUtc(stateFile.FilePath) : null;

    /// <summary>Once clients.json holds the taken-over state, upstream's file is kept aside, never read again.</summary>
    private void FinishTakeover(StateFile stateFile)
    {
        // Only once this start's save reached the disk (clients.json is new or rewritten; a failed
        // save leaves it as it was, and the pickle is read again at the next start). No comparison
        // with the pickle's own time, which a clock set ahead would put in the future for good.
        if (_takenOver is not null && SavedAt(stateFile) is DateTime saved && saved != _stateSavedBefore)
        {
            string? problem = _takenOver.MarkMigrated();
            WarnIf(problem);
            if (problem is null)
            {
                log.Info($"Kept upstream's state file as {_takenOver.MigratedPath}; the state is now in {stateFile.FilePath}");
            }
            _takenOver = null;
        }
    }

    private ClientRegistry CreateClients(StateMergeResult restored)
    {
        var checkers = new ShellCheckerLauncher(showOutput: settings.Debug);
        var registry = new ClientRegistry(restored.Clients.Select(r =>
        {
            var client = new ClientRecord(r.Section, TimeProvider.System, checkers, log);
            client.ApplyRestoredState(r.State, r.Secret);
            return client;
        }));
        foreach (ClientRecord client in registry.All.Where(c => c.Settings.KeyId.Length == 0))
        {
            log.Warning($"Client {client.Name} has only an OpenPGP fingerprint; it can never be matched " +
                        "(this server speaks TLS raw public keys only; run mandos-keygen --password on the client to get a key_id)");
        }
        log.Debug($"{registry.All.Count} clients loaded");
        return registry;
    }

    /// <summary>As upstream, once listening: the service is withdrawn when the announcer is disposed.</summary>
    private ServerAnnouncer StartAnnouncer(int port)
    {
        (ServiceAnnouncement service, string? warning) = ServiceAnnouncement.For(settings, port);
        WarnIf(warning);
        var announcer = new ServerAnnouncer(service, DBusAddress.System ?? "unix:path=/run/dbus/system_bus_socket", log);
        announcer.Renamed += name => log.Tag = LogSetup.TagFor(name);
        announcer.Start();
        return announcer;
    }

    private void LogListening(IPEndPoint endPoint) =>
        log.Info(endPoint.AddressFamily == AddressFamily.InterNetworkV6
            ? $"Now listening on address {endPoint.Address}, port {endPoint.Port}, flowinfo 0, scope_id {endPoint.Address.ScopeId}"
            : $"Now listening on address {endPoint.Address}, port {endPoint.Port}");

    private void WarnIf(string? problem)
    {
        if (problem is not null)
        {
            log.Warning(problem);
        }
    }
}
