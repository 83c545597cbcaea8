using System.Net;

namespace Mandos.Integration.Tests.Harness;

/// <summary>
/// An Ethernet segment for hosts in network namespaces made for one test: a bridge (multicast
/// snooping off, so mDNS floods as on a plain switch without a querier) in a switch namespace,
/// and for each host its own namespace joined to a bridge port by a veth pair whose host end is
/// <see cref="LinkName"/>. Link-local hosts (<see cref="AddLinkLocalHostAsync"/>) have fixed
/// addresses only; other hosts (<see cref="AddHostAsync"/>) have the kernel's IPv6 link-local
/// address and the IPv4 address the test gives. Disposing deletes the hosts' namespaces and the
/// switch's, whatever happened.
/// </summary>
public sealed class VirtualLan : IAsyncDisposable
{
    /// <summary>The host end of each veth pair, the same name in every host's namespace.</summary>
    public const string LinkName = "lan0";
    private const string Bridge = "br0";
    private readonly NetworkNamespace _switch;
    private readonly List<LanHost> _hosts = [];

    private VirtualLan(NetworkNamespace @switch) => _switch = @switch;

    public IReadOnlyList<LanHost> Hosts => _hosts;

    public static async Task<VirtualLan> CreateAsync()
    {
        var lan = new VirtualLan(await NetworkNamespace.CreateAsync());
        try
        {
            await lan._switch.IpAsync("link", "add", Bridge, "type", "bridge", "stp_state", "0", "mcast_snooping", "0");
            await lan._switch.IpAsync("link", "set", "dev", Bridge, "up");
        }
        catch
        {
            await lan.DisposeAsync();
            throw;
        }
        return lan;
    }

    /// <summary>
    /// A host with link-local addresses only, as a client's initramfs network often has: host N
    /// (from 1) has 169.254.77.N/24 and fe80::77:N/64, and no address the kernel makes itself.
    /// </summary>
    public Task<LanHost> AddLinkLocalHostAsync() =>
        AddHostAsync(automaticIPv6: false, async (ns, number) =>
        {
            (IPAddress v4, IPAddress v6) = await ns.AddLinkLocalAddressesAsync(LinkName, number);
            return (v4, v6);
        });

    /// <summary>
    /// A host with the kernel's own IPv6 link-local address (usable at once: duplicate address
    /// detection is off in its namespace) and, given <paramref name="ipv4"/> (an address with its
    /// prefix length, e.g. 192.168.77.2/24), that IPv4 address.
    /// </summary>
    public Task<LanHost> AddHostAsync(string? ipv4) =>
        AddHostAsync(automaticIPv6: true, async (ns, _) =>
        {
            if (ipv4 is null)
            {
                return (null, null);
            }
            await ns.IpAsync("address", "add", ipv4, "dev", LinkName);
            return (IPAddress.Parse(ipv4.Split('/')[0]), null);
        });

    public async ValueTask DisposeAsync()
    {
        foreach (LanHost host in _hosts)
        {
            await host.Namespace.DisposeAsync();
        }
        await _switch.DisposeAsync();
    }

    /// <summary>A new namespace linked to the bridge, given its addresses by <paramref name="address"/> (which gets the host's number, from 1).</summary>
    private async Task<LanHost> AddHostAsync(bool automaticIPv6, Func<NetworkNamespace, int, Task<(IPAddress? V4, IPAddress? V6)>> address)
    {
        int number = _hosts.Count + 1;
        NetworkNamespace ns = await NetworkNamespace.CreateAsync();
        try
        {
            if (automaticIPv6)
            {
                // Before the link exists: it takes the namespace's defaults when made.
                await ns.SysctlAsync("net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0");
            }
            string port = $"port{number}";
            await ns.ConnectAsync(LinkName, _switch, port, automaticIPv6);
            await _switch.IpAsync("link", "set", "dev", port, "master", Bridge);
            (IPAddress? v4, IPAddress? v6) = await address(ns, number);
            var host = new LanHost(ns, LinkName, v4, v6);
            _hosts.Add(host);
            return host;
        }
        catch
        {
            await ns.DisposeAsync();
            throw;
        }
    }
}
