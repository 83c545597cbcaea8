using System.Net;

namespace Mandos.Integration.Tests.Harness;

/// <summary>
/// A link-local Ethernet segment for hosts in their own namespaces: a bridge (multicast
/// snooping off, so mDNS floods as on a switch without a querier) in a hub namespace, and for
/// each host a veth pair from its <see cref="LinkName"/> to a bridge port. Host N (from 1) has
/// 169.254.77.N/24 and fe80::77:N/64. Disposing deletes the hosts' namespaces and the hub's.
/// </summary>
public sealed class LinkLocalLan : IAsyncDisposable
{
    /// <summary>The host side of each veth pair, the same name in every host's namespace.</summary>
    public const string LinkName = "mandos0";
    private const string Bridge = "br0";
    private readonly NetworkNamespace _hub;
    private readonly List<LanHost> _hosts = [];

    private LinkLocalLan(NetworkNamespace hub) => _hub = hub;

    public IReadOnlyList<LanHost> Hosts => _hosts;

    public static async Task<LinkLocalLan> CreateAsync()
    {
        NetworkNamespace hub = await NetworkNamespace.CreateAsync();
        var lan = new LinkLocalLan(hub);
        try
        {
            await hub.IpAsync("link", "add", Bridge, "type", "bridge", "stp_state", "0", "mcast_snooping", "0");
            await hub.IpAsync("link", "set", "dev", Bridge, "up");
        }
        catch
        {
            await lan.DisposeAsync();
            throw;
        }
        return lan;
    }

    /// <summary>A new host: its own namespace, linked to the bridge, with its link-local addresses.</summary>
    public async Task<LanHost> AddHostAsync()
    {
        int number = _hosts.Count + 1;
        NetworkNamespace ns = await NetworkNamespace.CreateAsync();
        try
        {
            string port = $"port{number}";
            await ns.ConnectAsync(LinkName, _hub, port);
            await _hub.IpAsync("link", "set", "dev", port, "master", Bridge);
            (IPAddress v4, IPAddress v6) = await ns.AddLinkLocalAddressesAsync(LinkName, number);
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

    public async ValueTask DisposeAsync()
    {
        foreach (LanHost host in _hosts)
        {
            await host.Namespace.DisposeAsync();
        }
        await _hub.DisposeAsync();
    }
}
