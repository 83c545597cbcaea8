using Mandos.Testing.Waiting;

namespace Mandos.Integration.Tests.Harness;

/// <summary>
/// An avahi-daemon of the test's own in a <see cref="NetworkNamespace"/>, on the given links only, with
/// its own <see cref="PrivateSystemBus"/> (Avahi's shipped policy included) where programs
/// publish and browse through it. Several run at once, one per namespace: each runs in a private
/// mount namespace with a tmpfs on /run (avahi-daemon's PID file and socket are fixed at
/// /run/avahi-daemon/) and an /etc/avahi/services of its own, holding the test's <see cref="StaticService"/>s
/// if any (as a server host announces a server with no Zeroconf of its own). Its own config:
/// a host name of its own (all namespaces share the machine's), no reflector, no wide-area, no
/// HINFO or workstation records; as root, with no chroot and no drop to the avahi user.
/// </summary>
public sealed class AvahiDaemon : IAsyncDisposable
{
    private readonly NetworkNamespace _namespace;
    private readonly TempDir _dir;
    private readonly StaticService[] _services;
    private BackgroundProcess? _daemon;
    private string _earlierLogs = "";

    private AvahiDaemon(NetworkNamespace ns, PrivateSystemBus bus, TempDir dir, string hostName, StaticService[] services)
    {
        _namespace = ns;
        _services = services;
        Bus = bus;
        _dir = dir;
        HostName = hostName;
    }

    public PrivateSystemBus Bus { get; }

    /// <summary>The host name it publishes, without ".local".</summary>
    public string HostName { get; }

    /// <summary>Everything the daemon logged, across restarts.</summary>
    public string Log => _earlierLogs + _daemon?.Output;

    /// <summary>Starts one on <paramref name="links"/> of <paramref name="ns"/>, ready to publish and browse.</summary>
    public static Task<AvahiDaemon> StartAsync(NetworkNamespace ns, params string[] links) => StartAsync(ns, links, []);

    /// <summary>Starts one on <paramref name="host"/>'s link, announcing <paramref name="services"/> once it is ready.</summary>
    public static Task<AvahiDaemon> StartAsync(LanHost host, params StaticService[] services) => StartAsync(host.Namespace, [host.Link], services);

    private static async Task<AvahiDaemon> StartAsync(NetworkNamespace ns, string[] links, StaticService[] services)
    {
        string hostName = "mandos-test-" + Random.Shared.Next(0x10000).ToString("x4");
        PrivateSystemBus bus = await PrivateSystemBus.StartAsync("/usr/share/dbus-1/system.d/avahi-dbus.conf");
        var dir = new TempDir("mandos-avahi-");
        var avahi = new AvahiDaemon(ns, bus, dir, hostName, services);
        try
        {
            string serviceDir = dir.Sub("services");
            for (int i = 0; i < services.Length; i++)
            {
                await File.WriteAllTextAsync(Path.Combine(serviceDir, $"s{i}.service"), services[i].FileText);
            }
            await File.WriteAllTextAsync(Path.Combine(dir.Path, "avahi-daemon.conf"), $"""
                [server]
                host-name={hostName}
                use-ipv4=yes
                use-ipv6=yes
                allow-interfaces={string.Join(',', links)}
                enable-dbus=yes
                ratelimit-interval-usec=1000000
                ratelimit-burst=1000
                [wide-area]
                enable-wide-area=no
                [publish]
                publish-hinfo=no
                publish-workstation=no
                publish-domain=no
                [reflector]
                enable-reflector=no
                """);
            await avahi.StartDaemonAsync();
        }
        catch
        {
            await avahi.DisposeAsync();
            throw;
        }
        return avahi;
    }

    /// <summary>Stops the daemon as its init script does (SIGTERM: it sends goodbye packets first).</summary>
    public async Task StopAsync()
    {
        if (_daemon is null)
        {
            return;
        }
        _daemon.Terminate();
        await _daemon.WaitForExitAsync();
        _earlierLogs += _daemon.Output;
        await _daemon.DisposeAsync();
        _daemon = null;
    }

    /// <summary>Starts it again after <see cref="StopAsync"/>, same bus, same configuration.</summary>
    public Task RestartAsync() => StartDaemonAsync();

    /// <summary>
    /// <c>avahi-browse --resolve --parsable --terminate TYPE</c> run in the namespace through this
    /// daemon: what it knows (cache and fresh answers) after one round of queries. It must run in
    /// the namespace, not just on the bus: it names interfaces by looking their index up locally.
    /// </summary>
    public async Task<IReadOnlyList<DnsSdService>> BrowseAsync(string type = "_mandos._tcp")
    {
        ProcessRunner.Result run = await _namespace.RunAsync("avahi-browse", ["--resolve", "--parsable", "--terminate", "--no-db-lookup", type],
            TimeSpan.FromSeconds(20), Bus.Environment.ToDictionary());
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"avahi-browse failed ({run.ExitCode}): {run.Stderr}\n{Log}");
        }
        return run.StdoutText.Split('\n').Select(DnsSdService.Parse).OfType<DnsSdService>().ToList();
    }

    /// <summary>Browses again and again (nothing announces a change to the test) until <paramref name="done"/> holds for what is seen; that.</summary>
    public async Task<IReadOnlyList<DnsSdService>> BrowseUntilAsync(Func<IReadOnlyList<DnsSdService>, bool> done)
    {
        IReadOnlyList<DnsSdService> seen = [];
        await Eventually.Until(async () => done(seen = await BrowseAsync()), "the services browsed to change",
            () => string.Join("\n", seen) + "\n" + Log);
        return seen;
    }

    public async ValueTask DisposeAsync()
    {
        if (_daemon is not null)
        {
            await _daemon.DisposeAsync();
        }
        await Bus.DisposeAsync();
        _dir.Dispose();
    }

    private async Task StartDaemonAsync()
    {
        const string Script = """
            mount -t tmpfs -o mode=0755 mandos-test-avahi /run &&
            mount --bind "$1" /etc/avahi/services &&
            exec avahi-daemon --file="$2" --no-drop-root --no-chroot --no-rlimits --no-proc-title
            """;
        _daemon = _namespace.Start("unshare", ["--mount", "--propagation", "private", "sh", "-c", Script, "sh",
            Path.Combine(_dir.Path, "services"), Path.Combine(_dir.Path, "avahi-daemon.conf")], Bus.Environment.ToDictionary());
        // Logged once its host name is established on the link: ready to publish and browse.
        await _daemon.WaitForOutputAsync("Server startup complete.");
        foreach (StaticService service in _services)
        {
            await _daemon.WaitForOutputAsync($"Service \"{service.Name}\"");
        }
    }
}
