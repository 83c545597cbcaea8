using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.Preflight;

/// <summary>
/// <c>mandos-keygen --test</c> without a server address, on a LAN of network namespaces: it looks
/// for the server with multicast DNS on the interfaces the boot's client would use, as that
/// client does, from its network probe running as nobody.
/// </summary>
[Lane(Lane.Namespace)]
[Collection(KeySetsCollection.Name)]
public sealed class PreflightDiscoveryTests(KeySetsFixture keys) : IDisposable
{
    private const int ServerPort = 7779;
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);
    private readonly TempDir _dir = new("mandos-preflight-lan-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task TheServerAnnouncedOnTheLanIsFoundAndGivesTheSecret()
    {
        string disk = await LuksImage.CreateAsync(Path.Combine(_dir.Path, "disk.img"), keys.Ours.Password);
        await using VirtualLan lan = await VirtualLan.CreateAsync();
        LanHost client = await lan.AddHostAsync(ipv4: null);
        LanHost serverHost = await lan.AddHostAsync(ipv4: null);
        await using OurServer server = await OurServer.StartInAsync(serverHost.Namespace,
            ClientsConf.Write(_dir.Sub("conf"), [keys.Ours.ClientSection]), _dir.Sub("state"), ServerPort);
        // As upstream's server announces: IPv6 only, so the probe must reach it link-local.
        await using AvahiDaemon avahi = await AvahiDaemon.StartAsync(serverHost, new StaticService("Mandos", ServerPort, "ipv6"));

        ProcessRunner.Result run = await client.Namespace.RunAsync(RepoPaths.Program("mandos-keygen"),
            ["--test", "--dir", keys.Ours.Directory, "--initramfs=", "--device", disk, "--timeout", "60"], Limit);

        Assert.True(run.ExitCode == 0, $"{run.StdoutText}\n{run.Stderr}\n--- server\n{server.Log}\n--- avahi\n{avahi.Log}");
        Assert.Matches(@"(?m)^\[ ok \] server: \[fe80::[0-9a-f:]+%\d+\]:7779 answered; searched: mDNS on every suitable interface", run.StdoutText);
        Assert.Matches(@"(?m)^\[ ok \] secret: ", run.StdoutText);
        Assert.DoesNotContain(keys.Ours.Password, run.StdoutText + run.Stderr);
    }

    [Fact]
    public async Task NoServerOnTheLanIsReportedWithTheInterfacesSearched()
    {
        await using VirtualLan lan = await VirtualLan.CreateAsync();
        LanHost client = await lan.AddHostAsync(ipv4: null);
        _ = await lan.AddHostAsync(ipv4: null);

        ProcessRunner.Result run = await client.Namespace.RunAsync(RepoPaths.Program("mandos-keygen"),
            ["--test", "--dir", keys.Ours.Directory, "--initramfs=", "--timeout", "3"], Limit);

        Assert.Equal(1, run.ExitCode);
        Assert.Matches($@"(?m)^\[FAIL\] server: no Mandos server answered mDNS queries on {client.Link} within 3 s", run.StdoutText);
        Assert.Contains("mandos=connect:ADDRESS:PORT", run.StdoutText);
        Assert.Matches(@"(?m)^\[FAIL\] secret: not asked for", run.StdoutText);
    }
}
