using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.Discovery;

/// <summary>
/// An avahi-daemon in a LAN host's namespace, as a server host runs one: in a private mount
/// namespace with its own /run and /etc/avahi/services (so several can run at once and the
/// machine's own stay untouched), with static services, and, given a bus, its D-Bus API (what
/// Debian's server announces itself through).
/// </summary>
public sealed class AvahiInNamespace : IAsyncDisposable
{
    private readonly BackgroundProcess _daemon;
    private readonly TempDir _dir;

    private AvahiInNamespace(BackgroundProcess daemon, TempDir dir)
    {
        _daemon = daemon;
        _dir = dir;
    }

    public string Log => _daemon.Output;

    /// <summary>A static service: <paramref name="Protocol"/> is any, ipv4 or ipv6 (upstream's server announces on IPv6).</summary>
    public sealed record StaticService(string Name, int Port, string Protocol = "any");

    public static async Task<AvahiInNamespace> StartAsync(LanHost host, PrivateSystemBus? bus, params StaticService[] services)
    {
        var dir = new TempDir("avahi-");
        // A host name of its own: every namespace shares the machine's.
        string hostName = "mandos-test-" + Random.Shared.Next(0x10000).ToString("x4");
        string config = Path.Combine(dir.Path, "avahi-daemon.conf");
        await File.WriteAllTextAsync(config, $"""
            [server]
            host-name={hostName}
            use-ipv4=yes
            use-ipv6=yes
            allow-interfaces={host.Link}
            enable-dbus={(bus is null ? "no" : "yes")}
            [wide-area]
            enable-wide-area=no
            [publish]
            publish-hinfo=no
            publish-workstation=no
            """);
        string serviceDir = dir.Sub("services");
        for (int i = 0; i < services.Length; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(serviceDir, $"s{i}.service"), $"""
                <?xml version="1.0" standalone='no'?>
                <!DOCTYPE service-group SYSTEM "avahi-service.dtd">
                <service-group><name>{services[i].Name}</name>
                <service protocol="{services[i].Protocol}"><type>_mandos._tcp</type><port>{services[i].Port}</port></service>
                </service-group>
                """);
        }
        string busVariable = bus is null ? "" : $"DBUS_SYSTEM_BUS_ADDRESS={bus.Address}";
        string script = "mount -t tmpfs tmpfs /run && mount -t tmpfs tmpfs /etc/avahi/services"
            + $" && cp {serviceDir}/. /etc/avahi/services/ -r"
            + $" && exec env {busVariable} avahi-daemon -f {config} --no-drop-root --no-chroot --no-rlimits";
        BackgroundProcess daemon = host.Namespace.Start("sh", ["-c", script]);
        var avahi = new AvahiInNamespace(daemon, dir);
        try
        {
            await daemon.WaitForOutputAsync("Server startup complete");
            foreach (StaticService s in services)
            {
                await daemon.WaitForOutputAsync($"Service \"{s.Name}\"");
            }
        }
        catch
        {
            await avahi.DisposeAsync();
            throw;
        }
        return avahi;
    }

    public async ValueTask DisposeAsync()
    {
        await _daemon.DisposeAsync();
        _dir.Dispose();
    }
}
