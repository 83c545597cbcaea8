using System.Net;
using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.Vm;

/// <summary>
/// A network namespace made for one boot: the server host's side of the VM's wire is a tap
/// device named <see cref="VirtualLan.LinkName"/> (10.213.0.1/24; the guest is 10.213.0.2), so
/// the discovery harness (our server, Avahi) runs there as on a <see cref="VirtualLan"/> host.
/// Multicast works on it. Disposing deletes the namespace, and the tap device with it.
/// </summary>
public sealed class VmNetwork : IAsyncDisposable
{
    public const string HostAddress = "10.213.0.1";

    private VmNetwork(LanHost host) => Host = host;

    public LanHost Host { get; }

    public NetworkNamespace Namespace => Host.Namespace;

    /// <summary>ip= for the guest: its address and the interface the client is to use.</summary>
    public const string GuestIp = "ip=10.213.0.2::10.213.0.1:255.255.255.0::eth0:off";

    public static async Task<VmNetwork> CreateAsync()
    {
        NetworkNamespace ns = await NetworkNamespace.CreateAsync();
        var network = new VmNetwork(new LanHost(ns, VirtualLan.LinkName, IPAddress.Parse(HostAddress), null));
        try
        {
            // Before the tap device exists: it takes the namespace's defaults when made.
            await ns.SysctlAsync("net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0");
            await ns.IpAsync("tuntap", "add", "dev", VirtualLan.LinkName, "mode", "tap");
            await ns.IpAsync("addr", "add", HostAddress + "/24", "dev", VirtualLan.LinkName);
            await ns.IpAsync("link", "set", VirtualLan.LinkName, "up");
            await ns.IpAsync("route", "add", "224.0.0.0/4", "dev", VirtualLan.LinkName);
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }
        return network;
    }

    public ValueTask DisposeAsync() => Namespace.DisposeAsync();
}
