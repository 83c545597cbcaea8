using System.Text.RegularExpressions;
using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.Zeroconf;

/// <summary>
/// Two servers with one servicename: the later takes Avahi's alternative name, "Mandos #2",
/// whether the earlier one is on another host (a collision found by mDNS probing) or on the
/// same host (Avahi refuses the name locally).
/// </summary>
[Lane(Lane.Namespace)]
[Collection(KeySetsCollection.Name)]
public sealed class ServiceNameCollisionTests(KeySetsFixture keys) : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Config() => ClientsConf.Write(_dir.Sub("conf"), [keys.Ours.ClientSection]);

    [Fact]
    public async Task SecondServerOnTheNetworkBecomesMandos2()
    {
        await using AvahiLan lan = await AvahiLan.CreateAsync(hostsWithAvahi: 3);
        AvahiDaemon browser = lan.Avahi[2];
        await using OurServer first = await OurServer.StartAnnouncingAsync(lan.Hosts[0].Namespace, Config(), _dir.Sub("state1"), lan.Avahi[0].Bus);
        Assert.NotEmpty(await browser.BrowseUntilAsync(s => s.Count > 0));

        await using OurServer second = await OurServer.StartAnnouncingAsync(lan.Hosts[1].Namespace, Config(), _dir.Sub("state2"), lan.Avahi[1].Bus);
        IReadOnlyList<DnsSdService> seen = await browser.BrowseUntilAsync(s => s.Count > 1);

        Assert.Equal(
            [("Mandos", first.Port, lan.Hosts[0].IPv6!.ToString()), ("Mandos #2", second.Port, lan.Hosts[1].IPv6!.ToString())],
            seen.Select(s => (s.Name, s.Port, s.Address)).Order());
        Assert.Contains("Changing Zeroconf service name to 'Mandos #2'", second.Log);
        // As upstream, the log is tagged with the new name from then on.
        await second.WaitForLogAsync(new Regex(@" Mandos \(Mandos #2\) \[\d+\]: INFO: Zeroconf service ""Mandos #2"" .* established"));
        Assert.Matches(@" Mandos \[\d+\]: INFO: Changing Zeroconf service name to 'Mandos #2'", second.Log);
    }

    [Fact]
    public async Task SecondServerOnTheSameHostBecomesMandos2()
    {
        await using AvahiLan lan = await AvahiLan.CreateAsync(hostsWithAvahi: 2);
        PrivateSystemBus bus = lan.Avahi[0].Bus;
        await using OurServer first = await OurServer.StartAnnouncingAsync(lan.Hosts[0].Namespace, Config(), _dir.Sub("state1"), bus);
        await first.WaitForLogAsync(new Regex("Zeroconf service \"Mandos\" .* established"));

        await using OurServer second = await OurServer.StartAnnouncingAsync(lan.Hosts[0].Namespace, Config(), _dir.Sub("state2"), bus);
        IReadOnlyList<DnsSdService> seen = await lan.Avahi[1].BrowseUntilAsync(s => s.Count > 1);

        Assert.Equal([("Mandos", first.Port), ("Mandos #2", second.Port)], seen.Select(s => (s.Name, s.Port)).Order());
        Assert.Contains("Local Zeroconf service name collision.", second.Log);
    }
}
