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
        (await ProcessRunner.RunAsync("ip", ["-d", "-n", host.Namespace, "route", "show"], TimeSpan.FromSeconds(10))).StdoutText;

    [Fact]
    public async Task HelperAddsAndDeletesAnOnLinkHostRoute()
    {
        await using VirtualLan lan = await VirtualLan.CreateAsync();
        LanHost host = await lan.AddHostAsync("c", "192.168.77.1/24");
        string helper = RepoPaths.Program("mandos-client-iprouteadddel");

        var added = await ProcessRunner.RunAsync("ip", host.Exec(helper, "add", "10.9.9.9", LanHost.Interface), TimeSpan.FromSeconds(10));
        Assert.Equal(0, added.ExitCode);
        Assert.Contains("unicast 10.9.9.9 dev lan0 proto boot scope link", await RoutesAsync(host));

        var deleted = await ProcessRunner.RunAsync("ip", host.Exec(helper, "delete", "10.9.9.9", LanHost.Interface), TimeSpan.FromSeconds(10));
        Assert.Equal(0, deleted.ExitCode);
        Assert.DoesNotContain("10.9.9.9", await RoutesAsync(host));

        var bad = await ProcessRunner.RunAsync("ip", host.Exec(helper, "add", "not-an-address", LanHost.Interface), TimeSpan.FromSeconds(10));
        Assert.Equal(64, bad.ExitCode);
    }

    [Fact]
    public async Task ClientReachesServerAnnouncedOutsideItsSubnetThroughATemporaryRoute()
    {
        await using VirtualLan lan = await VirtualLan.CreateAsync();
        LanHost client = await lan.AddHostAsync("c", "192.168.77.1/24");
        LanHost serverHost = await lan.AddHostAsync("s", "10.9.9.9/24");
        // The server can answer the client's subnet; the client has no route to the server's.
        await VirtualLan.IpAsync("-n", serverHost.Namespace, "route", "add", "192.168.77.0/24", "dev", LanHost.Interface);
        await VirtualLan.SysctlAsync(client.Namespace, "net.ipv4.conf.all.rp_filter=0", $"net.ipv4.conf.{LanHost.Interface}.rp_filter=0");
        // No IPv6 on the server: Avahi would announce its link-local address too, which needs no route.
        await VirtualLan.SysctlAsync(serverHost.Namespace, "net.ipv6.conf.all.disable_ipv6=1", $"net.ipv6.conf.{LanHost.Interface}.disable_ipv6=1");
        string config = ClientsConf.Write(_dir.Sub("conf"), [keys.Ours.ClientSection]);
        await using BackgroundProcess server = await NamespacedProcess.OurServerAsync(serverHost, config, _dir.Sub("state"), ServerPort);
        await using AvahiInNamespace avahi = await AvahiInNamespace.StartAsync(serverHost, null,
            new AvahiInNamespace.StaticService("Mandos", ServerPort, "ipv4"));

        var run = await DiscoveryClients.OursAsync(client, keys.Ours, _dir.Sub("hooks"), TimeSpan.FromSeconds(60),
            new Dictionary<string, string> { ["MANDOSPLUGINHELPERDIR"] = RepoPaths.Bin }, "--retry=1");

        Assert.False(run.TimedOut, $"no password:\n{run.Stderr}\n{server.Output}\n{avahi.Log}");
        Assert.Equal(keys.Ours.Password, run.StdoutText);
        Assert.Contains("adding a temporary one through lan0", run.Stderr);
        Assert.DoesNotContain("10.9.9.9", await RoutesAsync(client));
    }
}
