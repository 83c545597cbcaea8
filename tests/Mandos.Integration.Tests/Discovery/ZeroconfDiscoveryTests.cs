using Mandos.Integration.Tests.Harness;
using Mandos.Testing.Waiting;

namespace Mandos.Integration.Tests.Discovery;

/// <summary>
/// Clients without --connect find servers by mDNS on a LAN of network namespaces, against the
/// real peers: Debian's server announcing itself through Avahi, and Debian's client finding ours.
/// </summary>
[Lane(Lane.Namespace)]
[Collection(KeySetsCollection.Name)]
public sealed class ZeroconfDiscoveryTests(KeySetsFixture keys) : IDisposable
{
    private const int ServerPort = 7779;
    private static readonly TimeSpan ClientLimit = TimeSpan.FromSeconds(60);
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Config() => ClientsConf.Write(_dir.Sub("conf"), [keys.Debian.ClientSection, keys.Ours.ClientSection]);

    [Fact]
    public async Task OurClientDiscoversDebiansServerAnnouncedByAvahi()
    {
        await using VirtualLan lan = await VirtualLan.CreateAsync();
        LanHost client = await lan.AddHostAsync("192.168.77.1/24");
        LanHost serverHost = await lan.AddHostAsync("192.168.77.2/24");
        await using AvahiDaemon avahi = await AvahiDaemon.StartAsync(serverHost);
        await using DebianServer server = await DebianServer.StartAnnouncingAsync(serverHost.Namespace, _dir.Sub("debian"), Config(), avahi.Bus);

        var run = await DiscoveryClients.OursAsync(client, keys.Debian, _dir.Sub("hooks"), ClientLimit, "--retry=1");

        Assert.False(run.TimedOut, $"our client found nothing:\n{run.Stderr}\n{server.Log}\n{avahi.Log}");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(keys.Debian.Password, run.StdoutText);
        Assert.Contains($"Found: Mandos server", run.Stderr);
    }

    [Fact]
    public async Task OurClientFindsServerOverIpv6LinkLocalOnly()
    {
        await using VirtualLan lan = await VirtualLan.CreateAsync();
        LanHost client = await lan.AddHostAsync(ipv4: null);
        LanHost serverHost = await lan.AddHostAsync(ipv4: null);
        await using OurServer server = await OurServer.StartInAsync(serverHost.Namespace, Config(), _dir.Sub("state"), ServerPort);
        await using AvahiDaemon avahi = await AvahiDaemon.StartAsync(serverHost, new StaticService("Mandos", ServerPort, "ipv6"));

        var run = await DiscoveryClients.OursAsync(client, keys.Ours, _dir.Sub("hooks"), ClientLimit, "--retry=1");

        Assert.False(run.TimedOut, $"our client found nothing:\n{run.Stderr}\n{server.Log}\n{avahi.Log}");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(keys.Ours.Password, run.StdoutText);
        Assert.Matches(@"Found: Mandos server \[fe80::[0-9a-f:]+%\d+\]:7779", run.Stderr);
    }

    [Fact]
    public async Task OurClientFindsTheServerOnALanFloodedWithUnrelatedAddressRecords()
    {
        await using VirtualLan lan = await VirtualLan.CreateAsync();
        LanHost client = await lan.AddHostAsync("192.168.77.1/24");
        LanHost serverHost = await lan.AddHostAsync("192.168.77.2/24");
        LanHost floodHost = await lan.AddHostAsync("192.168.77.3/24");
        // 300 unrelated names, more than the 256 the client's cache once held, before and while the client runs.
        await using BackgroundProcess flooder = await NamespacedProcess.AddressRecordFlooderAsync(floodHost, 300);
        await using OurServer server = await OurServer.StartInAsync(serverHost.Namespace, Config(), _dir.Sub("state"), ServerPort);
        await using AvahiDaemon avahi = await AvahiDaemon.StartAsync(serverHost, new StaticService("Mandos", ServerPort));

        var run = await DiscoveryClients.OursAsync(client, keys.Ours, _dir.Sub("hooks"), ClientLimit, "--retry=1");

        Assert.False(run.TimedOut, $"our client found nothing:\n{run.Stderr}\n{server.Log}\n{avahi.Log}\n{flooder.Output}");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(keys.Ours.Password, run.StdoutText);
        Assert.False(flooder.HasExited, "the flooder stopped:\n" + flooder.Output);
    }

    [Fact]
    public async Task DebiansClientDiscoversOurServerAnnouncedByAvahi()
    {
        await using VirtualLan lan = await VirtualLan.CreateAsync();
        LanHost client = await lan.AddHostAsync("192.168.77.1/24");
        LanHost serverHost = await lan.AddHostAsync("192.168.77.2/24");
        await using OurServer server = await OurServer.StartInAsync(serverHost.Namespace, Config(), _dir.Sub("state"), ServerPort);
        // As upstream's server announces: IPv6 only.
        await using AvahiDaemon avahi = await AvahiDaemon.StartAsync(serverHost, new StaticService("Mandos", ServerPort, "ipv6"));

        var run = await DiscoveryClients.DebiansAsync(client, keys.Debian, _dir.Sub("hooks"), ClientLimit);

        Assert.False(run.TimedOut, $"Debian's client found nothing:\n{run.Stderr}\n{server.Log}\n{avahi.Log}");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(keys.Debian.Password, run.StdoutText);
    }

    [Fact]
    public async Task PasswordComesFromTheLiveServerWhenOthersAreSilentOrRefusing()
    {
        await using VirtualLan lan = await VirtualLan.CreateAsync();
        LanHost client = await lan.AddHostAsync("192.168.77.1/24");
        LanHost silentHost = await lan.AddHostAsync("192.168.77.2/24");
        LanHost refusingHost = await lan.AddHostAsync("192.168.77.3/24");
        LanHost liveHost = await lan.AddHostAsync("192.168.77.4/24");
        await using BackgroundProcess silent = await NamespacedProcess.SilentListenerAsync(silentHost, ServerPort);
        await using AvahiDaemon silentAvahi = await AvahiDaemon.StartAsync(silentHost, new StaticService("Mandos silent", ServerPort));
        await using AvahiDaemon refusingAvahi = await AvahiDaemon.StartAsync(refusingHost, new StaticService("Mandos refusing", ServerPort));
        await using OurServer live = await OurServer.StartInAsync(liveHost.Namespace, Config(), _dir.Sub("state"), ServerPort);

        Task<ProcessRunner.Result> running = DiscoveryClients.OursAsync(client, keys.Ours, _dir.Sub("hooks"), ClientLimit);
        // The live server is announced last, once the client is busy with the silent one.
        await Eventually.Until(async () =>
            (await silentHost.Namespace.RunAsync("ss", ["-tnH", "state", "established", $"sport = :{ServerPort}"],
                TimeSpan.FromSeconds(10))).StdoutText.Contains(client.IPv4!.ToString(), StringComparison.Ordinal),
            "the client to connect to the silent server");
        await using AvahiDaemon liveAvahi = await AvahiDaemon.StartAsync(liveHost, new StaticService("Mandos live", ServerPort));
        var run = await running;

        Assert.False(run.TimedOut, $"no password:\n{run.Stderr}\n{live.Log}");
        Assert.Equal(keys.Ours.Password, run.StdoutText);
        Assert.Contains("192.168.77.2:7779", run.Stderr);
        Assert.Contains("192.168.77.3:7779", run.Stderr);
        // The silent server's attempt (300 s by default) was still running: it did not hold up the live one.
        Assert.DoesNotContain("Server 192.168.77.2:7779 did not finish", run.Stderr);
    }
}
