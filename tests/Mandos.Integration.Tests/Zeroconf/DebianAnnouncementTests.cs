using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.Zeroconf;

/// <summary>
/// Debian's real server and ours, each in its own namespace with its own Avahi daemon, on one
/// link: they announce the same way (type, domain, protocol, TXT records), and ours, coming
/// second with the same servicename, takes the name upstream's Avahi rule gives, "Mandos #2".
/// </summary>
[Lane(Lane.Namespace)]
[Collection(KeySetsCollection.Name)]
public sealed class DebianAnnouncementTests(KeySetsFixture keys) : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task OurAnnouncementMatchesDebiansServer()
    {
        await using AvahiLan lan = await AvahiLan.CreateAsync(hostsWithAvahi: 3);
        AvahiDaemon browser = lan.Avahi[2];
        string config = ClientsConf.Write(_dir.Sub("conf"), [keys.Debian.ClientSection]);
        await using DebianServer debian = await DebianServer.StartAnnouncingAsync(lan.Hosts[0].Namespace, _dir.Sub("debian"), config, lan.Avahi[0].Bus);
        DnsSdService theirs = Assert.Single(await browser.BrowseUntilAsync(s => s.Count > 0));

        await using OurServer ours = await OurServer.StartAnnouncingAsync(lan.Hosts[1].Namespace, config, _dir.Sub("state"), lan.Avahi[1].Bus);
        IReadOnlyList<DnsSdService> seen = await browser.BrowseUntilAsync(s => s.Count > 1);

        DnsSdService ourEntry = Assert.Single(seen, s => s.Port == ours.Port);
        Assert.Equal(("Mandos", debian.Port), (theirs.Name, theirs.Port));
        Assert.Equal("Mandos #2", ourEntry.Name);
        Assert.Equal((theirs.Type, theirs.Domain, theirs.Protocol, theirs.Txt), (ourEntry.Type, ourEntry.Domain, ourEntry.Protocol, ourEntry.Txt));
    }
}
