using System.Net;
using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.Robustness;

/// <summary>
/// One address holding thousands of idle connections (more than the server's connection cap)
/// does not lock out a real client at another address: the per-host limit keeps the flood to its
/// share, and with that limit lifted, idle connections are closed to make room.
/// </summary>
/// <remarks>
/// The flood comes from 127.0.0.2, bound explicitly; the real client is our unmodified
/// mandos-client, whose connections to 127.0.0.1 come from 127.0.0.1.
/// </remarks>
[Lane(Lane.Namespace)]
[Collection(KeySetsCollection.Name)]
public sealed class ConnectionFloodTests(KeySetsFixture keys) : IDisposable
{
    private const int FloodSlots = 4500;

    private static readonly IPAddress Flooder = IPAddress.Parse("127.0.0.2");

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task ClientIsServedThreeTimesWhileAnotherAddressHoldsThousandsOfIdleConnections()
    {
        await using OurServer server = await StartServerAsync();
        string log = await FloodAndServeThreeTimesAsync(server);
        Assert.Contains("127.0.0.2 has 256 connections open (max_connections_per_host): closed the longest-waiting connection from 127.0.0.2", log);
    }

    [Fact]
    public async Task IdleConnectionsAreShedForClientWhenFloodFillsTheServer()
    {
        await using OurServer server = await StartServerAsync("--max-connections-per-host", "100000");
        string log = await FloodAndServeThreeTimesAsync(server);
        Assert.Contains("closed the longest-waiting connection from 127.0.0.2", log);
    }

    private Task<OurServer> StartServerAsync(params string[] extra) =>
        OurServer.StartAsync(ClientsConf.Write(_dir.Sub("conf"), [keys.Debian.ClientSection]), _dir.Sub("state"), extra);

    /// <summary>
    /// Starts the flood, waits until every slot has connected once, then runs our client three
    /// times in a row; returns the server's log. Each run's limit is only there so a locked-out
    /// client ends the test; it is shorter than the server's 30 s phase limit, so the flood's
    /// first connections are still held throughout the first run.
    /// </summary>
    private async Task<string> FloodAndServeThreeTimesAsync(OurServer server)
    {
        await using IdleConnectionFlood flood = await IdleConnectionFlood.StartAsync(
            Flooder, server.Port, FloodSlots, maxAttempts: 200_000, lifetime: TimeSpan.FromMinutes(5));
        Assert.True(flood.Established >= FloodSlots);
        for (int run = 1; run <= 3; run++)
        {
            ProcessRunner.Result client = await Clients.OursAsync(keys.Debian, server.Port, TimeSpan.FromSeconds(20));
            Assert.False(server.HasExited, "server died:\n" + server.Log);
            Assert.False(client.TimedOut, $"run {run}: client not served:\n{client.Stderr}\n{Tail(server.Log)}");
            Assert.Equal(keys.Debian.Password, client.StdoutText);
        }
        Assert.True(flood.IsRunning, "the flood stopped by its own bounds before the client runs ended");
        return server.Log;
    }

    private static string Tail(string log) => log.Length > 8000 ? log[^8000..] : log;
}
