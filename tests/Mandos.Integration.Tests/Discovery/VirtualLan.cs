using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.Discovery;

/// <summary>
/// A LAN of network namespaces made for one test: a switch namespace holding a bridge (multicast
/// snooping off, so mDNS floods as on a plain switch) and one namespace per host, each joined to
/// the bridge by a veth pair whose host end is called <see cref="LanHost.Interface"/>. IPv6
/// duplicate address detection is off so link-local addresses are usable at once. Disposing
/// deletes every namespace, whatever happened.
/// </summary>
public sealed class VirtualLan : IAsyncDisposable
{
    private readonly string _prefix = "mz" + Guid.NewGuid().ToString("N")[..6];
    private readonly List<string> _namespaces = [];
    private int _ports;

    private VirtualLan()
    {
    }

    private string Switch => _prefix + "-sw";

    public static async Task<VirtualLan> CreateAsync()
    {
        var lan = new VirtualLan();
        try
        {
            await lan.AddNamespaceAsync(lan.Switch);
            await IpAsync("-n", lan.Switch, "link", "add", "br0", "type", "bridge", "mcast_snooping", "0");
            await IpAsync("-n", lan.Switch, "link", "set", "br0", "up");
        }
        catch
        {
            await lan.DisposeAsync();
            throw;
        }
        return lan;
    }

    /// <summary>A host on the LAN; with <paramref name="ipv4"/> (e.g. 192.168.77.2/24) it has that address, else only IPv6 link-local.</summary>
    public async Task<LanHost> AddHostAsync(string role, string? ipv4)
    {
        string ns = $"{_prefix}-{role}";
        await AddNamespaceAsync(ns);
        await SysctlAsync(ns, "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0");
        string port = "p" + ++_ports;
        await IpAsync("-n", Switch, "link", "add", port, "type", "veth", "peer", "name", LanHost.Interface, "netns", ns);
        await IpAsync("-n", Switch, "link", "set", port, "master", "br0", "up");
        await IpAsync("-n", ns, "link", "set", "lo", "up");
        if (ipv4 is not null)
        {
            await IpAsync("-n", ns, "addr", "add", ipv4, "dev", LanHost.Interface);
        }
        await IpAsync("-n", ns, "link", "set", LanHost.Interface, "up");
        return new LanHost(ns, $"{_prefix}{role}", ipv4?.Split('/')[0]);
    }

    /// <summary>Runs <c>ip</c> with these arguments (e.g. <c>-n NS route add …</c>); throws if it fails.</summary>
    public static async Task IpAsync(params string[] args)
    {
        var r = await ProcessRunner.RunAsync("ip", args, TimeSpan.FromSeconds(10));
        if (r.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', args)} failed: {r.Stderr}");
        }
    }

    private async Task AddNamespaceAsync(string ns)
    {
        await IpAsync("netns", "add", ns);
        _namespaces.Add(ns);
    }

    public static async Task SysctlAsync(string ns, params string[] settings)
    {
        var r = await ProcessRunner.RunAsync("ip", ["netns", "exec", ns, "sysctl", "-qw", .. settings], TimeSpan.FromSeconds(10));
        if (r.ExitCode != 0)
        {
            throw new InvalidOperationException($"sysctl in {ns} failed: {r.Stderr}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (string ns in Enumerable.Reverse(_namespaces))
        {
            await ProcessRunner.RunAsync("ip", ["netns", "del", ns], TimeSpan.FromSeconds(10));
        }
        _namespaces.Clear();
    }
}
