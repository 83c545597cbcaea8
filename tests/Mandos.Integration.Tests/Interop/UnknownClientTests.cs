using System.Text.RegularExpressions;
using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.Interop;

/// <summary>A key no server knows gets nothing from either server, and the clients keep asking.</summary>
[Lane(Lane.Namespace)]
[Collection(KeySetsCollection.Name)]
public sealed class UnknownClientTests(KeySetsFixture keys) : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Config() => ClientsConf.Write(_dir.Sub("conf"), [keys.Debian.ClientSection]);

    [Fact]
    public async Task OurServerGivesNothingToUnknownKeyAndLogsIt()
    {
        await using OurServer server = await OurServer.StartAsync(Config(), _dir.Sub("state"));
        var ours = await Clients.OursAsync(keys.Unknown, server.Port, TimeSpan.FromSeconds(4), "--retry=0.5", "--debug");
        var debians = await Clients.DebiansAsync(keys.Unknown, server.Port, TimeSpan.FromSeconds(4), Path.Combine(_dir.Path, "hooks"));
        Assert.True(ours.TimedOut);
        Assert.Empty(ours.Stdout);
        Assert.True(debians.TimedOut);
        Assert.Empty(debians.Stdout);
        Assert.Contains($"Client not found for key ID: {keys.Unknown.KeyId}, address: 127.0.0.1:", server.Log);
        // Our client kept retrying every half second, as Debian's retries every --retry seconds.
        Assert.True(Regex.Count(ours.Stderr, "sent nothing") >= 3, ours.Stderr);
    }

    [Fact]
    public async Task DebiansServerGivesNothingToUnknownKeyAndOurClientKeepsRetrying()
    {
        await using DebianServer server = await DebianServer.StartAsync(_dir.Sub("debian"), Config());
        var ours = await Clients.OursAsync(keys.Unknown, server.Port, TimeSpan.FromSeconds(5), "--retry=0.5", "--debug");
        Assert.True(ours.TimedOut);
        Assert.Empty(ours.Stdout);
        Assert.True(Regex.Count(ours.Stderr, "sent nothing") >= 3, ours.Stderr);
    }
}
