using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.Zeroconf;

/// <summary>
/// Our server announces itself through a real avahi-daemon in its own network namespace; another
/// host's avahi-daemon sees it over real mDNS on the veth link, as a client's network would.
/// </summary>
[Lane(Lane.Namespace)]
[Collection(KeySetsCollection.Name)]
public sealed class ServerAnnouncementTests(KeySetsFixture keys) : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Config() => ClientsConf.Write(_dir.Sub("conf"), [keys.Ours.ClientSection]);

    [Fact]
    public async Task AnotherHostFindsTheServiceWithNamePortAndAddress()
    {
        await using AvahiLan lan = await AvahiLan.CreateAsync(hostsWithAvahi: 2);
        LanHost serverHost = lan.Hosts[0];
        await using OurServer server = await OurServer.StartAnnouncingAsync(serverHost.Namespace, Config(), _dir.Sub("state"), lan.Avahi[0].Bus);

        IReadOnlyList<DnsSdService> seen = await lan.Avahi[1].BrowseUntilAsync(s => s.Count > 0);

        // Upstream publishes over IPv6 only (AVAHI_PROTO_INET6), so one entry, with no TXT records.
        DnsSdService service = Assert.Single(seen);
        Assert.Equal(("Mandos", "_mandos._tcp", "local", "IPv6"), (service.Name, service.Type, service.Domain, service.Protocol));
        Assert.Equal(server.Port, service.Port);
        Assert.Equal(serverHost.IPv6!.ToString(), service.Address);
        Assert.Equal(lan.Avahi[0].HostName + ".local", service.HostName);
        Assert.Equal(VirtualLan.LinkName, service.Interface);
        Assert.Equal("", service.Txt);
        // What was announced is where the server listens: reachable from the other host.
        ProcessRunner.Result connect = await lan.Hosts[1].Namespace.RunAsync("bash",
            ["-c", $"exec 3<>/dev/tcp/{service.Address}%{service.Interface}/{service.Port}"], TimeSpan.FromSeconds(10));
        Assert.True(connect.ExitCode == 0, connect.Stderr);
    }

    [Fact]
    public async Task ServiceNameAndIpv4ComeFromTheSettings()
    {
        await using AvahiLan lan = await AvahiLan.CreateAsync(hostsWithAvahi: 2);
        LanHost serverHost = lan.Hosts[0];
        await using OurServer server = await OurServer.StartAnnouncingAsync(serverHost.Namespace, Config(), _dir.Sub("state"), lan.Avahi[0].Bus,
            "--servicename", "Vault; B\\ck", "--no-ipv6", "--interface", VirtualLan.LinkName);

        DnsSdService service = Assert.Single(await lan.Avahi[1].BrowseUntilAsync(s => s.Count > 0));

        Assert.Equal(("Vault; B\\ck", "IPv4", server.Port), (service.Name, service.Protocol, service.Port));
        Assert.Equal(serverHost.IPv4!.ToString(), service.Address);
    }

    [Fact]
    public async Task WithAnInterfaceOnlyThatLinkHearsTheService()
    {
        // The server's host has two links, its Avahi daemon serves both: the LAN and a side link.
        await using VirtualLan lan = await VirtualLan.CreateAsync();
        LanHost serverHost = await lan.AddLinkLocalHostAsync();
        LanHost lanHost = await lan.AddLinkLocalHostAsync();
        await using NetworkNamespace sideHost = await NetworkNamespace.CreateAsync();
        await serverHost.Namespace.ConnectAsync("side0", sideHost, "side0");
        await serverHost.Namespace.AddLinkLocalAddressesAsync("side0", 1, subnet: 78);
        await sideHost.AddLinkLocalAddressesAsync("side0", 2, subnet: 78);
        await using AvahiDaemon serverAvahi = await AvahiDaemon.StartAsync(serverHost.Namespace, VirtualLan.LinkName, "side0");
        await using AvahiDaemon lanAvahi = await AvahiDaemon.StartAsync(lanHost.Namespace, VirtualLan.LinkName);
        await using AvahiDaemon sideAvahi = await AvahiDaemon.StartAsync(sideHost, "side0");

        await using OurServer server = await OurServer.StartAnnouncingAsync(serverHost.Namespace, Config(), _dir.Sub("state"), serverAvahi.Bus,
            "--interface", "side0");

        DnsSdService service = Assert.Single(await sideAvahi.BrowseUntilAsync(s => s.Count > 0));
        Assert.Equal(("side0", "fe80::78:1", server.Port), (service.Interface, service.Address, service.Port));
        Assert.Empty(await lanAvahi.BrowseAsync());
    }

    [Fact]
    public async Task ServiceIsWithdrawnWhenTheServerExits()
    {
        await using AvahiLan lan = await AvahiLan.CreateAsync(hostsWithAvahi: 2);
        await using OurServer server = await OurServer.StartAnnouncingAsync(lan.Hosts[0].Namespace, Config(), _dir.Sub("state"), lan.Avahi[0].Bus);
        Assert.NotEmpty(await lan.Avahi[1].BrowseUntilAsync(s => s.Count > 0));

        server.Terminate();
        Assert.Equal(0, await server.WaitForExitAsync());

        // Without goodbye packets the other host would keep the service cached for 75 minutes.
        Assert.Empty(await lan.Avahi[1].BrowseUntilAsync(s => s.Count == 0));
    }

    [Fact]
    public async Task NoZeroconfAnnouncesNothing()
    {
        await using AvahiLan lan = await AvahiLan.CreateAsync(hostsWithAvahi: 2);
        PrivateSystemBus bus = lan.Avahi[0].Bus;
        await using OurServer silent = await OurServer.StartAnnouncingAsync(lan.Hosts[0].Namespace, Config(), _dir.Sub("state"), bus,
            "--no-zeroconf", "--port", "7000");
        // A second server, announced, shows when the silent one would have been seen.
        await using OurServer control = await OurServer.StartAnnouncingAsync(lan.Hosts[0].Namespace, Config(), _dir.Sub("state2"), bus,
            "--servicename", "Control");

        IReadOnlyList<DnsSdService> seen = await lan.Avahi[1].BrowseUntilAsync(s => s.Any(service => service.Name == "Control"));

        Assert.Equal(["Control"], seen.Select(s => s.Name));
        Assert.DoesNotContain("Zeroconf", silent.Log);
    }

    [Fact]
    public async Task WithoutAvahiTheServerWarnsOnceAndServes()
    {
        await using PrivateSystemBus bus = await PrivateSystemBus.StartAsync("/usr/share/dbus-1/system.d/avahi-dbus.conf");
        await using OurServer server = await OurServer.StartAnnouncingAsync(null, Config(), _dir.Sub("state"), bus);

        await server.WaitForLogAsync("WARNING: Zeroconf: the Avahi daemon is not running");
        ProcessRunner.Result client = await Clients.OursAsync(keys.Ours, server.Port, TimeSpan.FromSeconds(30));

        Assert.True(client.ExitCode == 0, client.Stderr + server.Log);
        Assert.Equal(keys.Ours.Password, client.StdoutText);
        Assert.False(server.HasExited);
        Assert.Single(server.Log.Split('\n'), l => l.Contains("Zeroconf") && !l.Contains(": DEBUG: ") && !l.Contains(": INFO: "));
    }
}
