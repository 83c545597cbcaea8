using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.Zeroconf;

/// <summary>The announcement outlives the Avahi daemon: when it restarts, the server announces again.</summary>
[Lane(Lane.Namespace)]
[Collection(KeySetsCollection.Name)]
public sealed class AvahiRestartTests(KeySetsFixture keys) : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task ServiceReappearsAfterAvahiRestarts()
    {
        await using AvahiLan lan = await AvahiLan.CreateAsync(hostsWithAvahi: 2);
        AvahiDaemon serverAvahi = lan.Avahi[0];
        string config = ClientsConf.Write(_dir.Sub("conf"), [keys.Ours.ClientSection]);
        await using OurServer server = await OurServer.StartAnnouncingAsync(lan.Hosts[0].Namespace, config, _dir.Sub("state"), serverAvahi.Bus);
        Assert.NotEmpty(await lan.Avahi[1].BrowseUntilAsync(s => s.Count > 0));

        await serverAvahi.StopAsync();
        Assert.Empty(await lan.Avahi[1].BrowseUntilAsync(s => s.Count == 0));
        await server.WaitForLogAsync("the Avahi daemon left the system bus");
        await serverAvahi.RestartAsync();

        DnsSdService again = Assert.Single(await lan.Avahi[1].BrowseUntilAsync(s => s.Count > 0));
        Assert.Equal(("Mandos", server.Port), (again.Name, again.Port));
        Assert.False(server.HasExited);
    }
}
