using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.Discovery;

/// <summary>
/// mandos-client-iprouteadddel and upstream's workaround for a server announced with an address
/// outside the client's subnet (Debian #587961): a temporary on-link route, deleted afterwards.
/// </summary>
[Lane(Lane.Namespace)]
[Collection(KeySetsCollection.Name)]
public sealed class OnLinkRouteTests(KeySetsFixture keys) : IDisposable
{
    private const int ServerPort = 7779;
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static async Task<string> RoutesAsync(LanHost host) =>
        (await ProcessRunner.RunAsync("ip", ["-d", "-n", host.Namespace.Name, "route", "show"], TimeSpan.FromSeconds(10))).StdoutText;

    [Fact]
    public async Task HelperAddsAndDeletesAnOnLinkHostRoute()
    {
        await using VirtualLan lan = await VirtualLan.CreateAsync();
        LanHost host = await lan.AddHostAsync("192.168.77.1/24");
        string helper = RepoPaths.Program("mandos-client-iprouteadddel");

        var added = await host.Namespace.RunAsync(helper, ["add", "10.9.9.9", host.Link], TimeSpan.FromSeconds(10));
        Assert.Equal(0, added.ExitCode);
        Assert.Contains($"unicast 10.9.9.9 dev {host.Link} proto boot scope link", await RoutesAsync(host));

        var deleted = await host.Namespace.RunAsync(helper, ["delete", "10.9.9.9", host.Link], TimeSpan.FromSeconds(10));
        Assert.Equal(0, deleted.ExitCode);
        Assert.DoesNotContain("10.9.9.9", await RoutesAsync(host));

        var bad = await host.Namespace.RunAsync(helper, ["add", "not-an-address", host.Link], TimeSpan.FromSeconds(10));
        Assert.Equal(64, bad.ExitCode);
    }

    [Fact]
    public async Task ClientReachesServerAnnouncedOutsideItsSubnetThroughATemporaryRoute()
    {
        await using VirtualLan lan = await VirtualLan.CreateAsync();
        LanHost client = await lan.AddHostAsync("192.168.77.1/24");
        LanHost serverHost = await lan.AddHostAsync("10.9.9.9/24");
        // The server can answer the client's subnet; the client has no route to the server's.
        await serverHost.Namespace.IpAsync("route", "add", "192.168.77.0/24", "dev", serverHost.Link);
        await client.Namespace.SysctlAsync("net.ipv4.conf.all.rp_filter=0", $"net.ipv4.conf.{client.Link}.rp_filter=0");
        // No IPv6 on the server: Avahi would announce its link-local address too, which needs no route.
        await serverHost.Namespace.SysctlAsync("net.ipv6.conf.all.disable_ipv6=1", $"net.ipv6.conf.{serverHost.Link}.disable_ipv6=1");
        string config = ClientsConf.Write(_dir.Sub("conf"), [keys.Ours.ClientSection]);
        await using OurServer server = await OurServer.StartInAsync(serverHost.Namespace, config, _dir.Sub("state"), ServerPort);
        await using AvahiDaemon avahi = await AvahiDaemon.StartAsync(serverHost, new StaticService("Mandos", ServerPort, "ipv4"));

        var run = await DiscoveryClients.OursAsync(client, keys.Ours, _dir.Sub("hooks"), TimeSpan.FromSeconds(60),
            new Dictionary<string, string> { ["MANDOSPLUGINHELPERDIR"] = RepoPaths.Bin }, "--retry=1");

        Assert.False(run.TimedOut, $"no password:\n{run.Stderr}\n{server.Log}\n{avahi.Log}");
        Assert.Equal(keys.Ours.Password, run.StdoutText);
        Assert.Contains($"adding a temporary one through {client.Link}", run.Stderr);
        Assert.DoesNotContain("10.9.9.9", await RoutesAsync(client));
    }
}
