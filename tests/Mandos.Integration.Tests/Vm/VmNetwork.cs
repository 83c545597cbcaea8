using Mandos.Integration.Tests.Discovery;
using Mandos.Integration.Tests.Harness;
using LanHost = Mandos.Integration.Tests.Discovery.LanHost;

namespace Mandos.Integration.Tests.Vm;

/// <summary>
/// A network namespace made for one boot: the server host's side of the VM's wire is a tap
/// device named <see cref="LanHost.Interface"/> (10.213.0.1/24; the guest is 10.213.0.2), so
/// the discovery harness (our server, Avahi) runs there as on a LAN host. Multicast works on it.
/// Disposing deletes the namespace, and the tap device with it.
/// </summary>
public sealed class VmNetwork : IAsyncDisposable
{
    public const string HostAddress = "10.213.0.1";

    private VmNetwork(LanHost host) => Host = host;

    public LanHost Host { get; }

    public string Namespace => Host.Namespace;

    /// <summary>ip= for the guest: its address and the interface the client is to use.</summary>
    public const string GuestIp = "ip=10.213.0.2::10.213.0.1:255.255.255.0::eth0:off";

    public static async Task<VmNetwork> CreateAsync()
    {
        string ns = "mvm" + Guid.NewGuid().ToString("N")[..8];
        var network = new VmNetwork(new LanHost(ns, ns, HostAddress));
        await IpAsync("netns", "add", ns);
        try
        {
            await VirtualLan.SysctlAsync(ns, "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0");
            await IpAsync("-n", ns, "link", "set", "lo", "up");
            await IpAsync("-n", ns, "tuntap", "add", "dev", LanHost.Interface, "mode", "tap");
            await IpAsync("-n", ns, "addr", "add", HostAddress + "/24", "dev", LanHost.Interface);
            await IpAsync("-n", ns, "link", "set", LanHost.Interface, "up");
            await IpAsync("-n", ns, "route", "add", "224.0.0.0/4", "dev", LanHost.Interface);
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }
        return network;
    }

    private static async Task IpAsync(params string[] args)
    {
        var r = await ProcessRunner.RunAsync("ip", args, TimeSpan.FromSeconds(10));
        if (r.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', args)} failed: {r.Stderr}");
        }
    }

    public async ValueTask DisposeAsync() =>
        await ProcessRunner.RunAsync("ip", ["netns", "del", Namespace], TimeSpan.FromSeconds(10));
}
