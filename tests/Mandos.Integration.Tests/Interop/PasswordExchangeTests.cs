using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.Interop;

/// <summary>
/// The password goes through for every pairing of our programs with Debian's real ones, with key
/// sets made by either keygen.
/// </summary>
[Lane(Lane.Namespace)]
[Collection(KeySetsCollection.Name)]
public sealed class PasswordExchangeTests(KeySetsFixture keys) : IDisposable
{
    private static readonly TimeSpan ClientLimit = TimeSpan.FromSeconds(60);
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Config() => ClientsConf.Write(_dir.Sub("conf"), [keys.Debian.ClientSection, keys.Ours.ClientSection]);

    [Fact]
    public async Task DebiansClientGetsPasswordFromOurServer()
    {
        await using OurServer server = await OurServer.StartAsync(Config(), _dir.Sub("state"));
        foreach (KeySet set in new[] { keys.Debian, keys.Ours })
        {
            var run = await Clients.DebiansAsync(set, server.Port, ClientLimit, Path.Combine(_dir.Path, "hooks"));
            Assert.False(run.TimedOut, $"Debian's client got nothing for {set.Name}:\n{run.Stderr}\n{server.Log}");
            Assert.Equal(0, run.ExitCode);
            Assert.Equal(set.Password, run.StdoutText);
            Assert.Contains($"Sending secret to {set.Name}", server.Log);
        }
    }

    [Fact]
    public async Task OurClientGetsPasswordFromDebiansServer()
    {
        await using DebianServer server = await DebianServer.StartAsync(_dir.Sub("debian"), Config());
        foreach (KeySet set in new[] { keys.Debian, keys.Ours })
        {
            var run = await Clients.OursAsync(set, server.Port, ClientLimit, "--retry=1");
            Assert.False(run.TimedOut, $"our client got nothing for {set.Name}:\n{run.Stderr}");
            Assert.Equal(0, run.ExitCode);
            Assert.Equal(set.Password, run.StdoutText);
        }
    }

    [Fact]
    public async Task OurClientGetsPasswordFromOurServer()
    {
        await using OurServer server = await OurServer.StartAsync(Config(), _dir.Sub("state"));
        foreach (KeySet set in new[] { keys.Debian, keys.Ours })
        {
            var run = await Clients.OursAsync(set, server.Port, ClientLimit, "--retry=1");
            Assert.False(run.TimedOut, $"our client got nothing for {set.Name}:\n{run.Stderr}\n{server.Log}");
            Assert.Equal(0, run.ExitCode);
            Assert.Equal(set.Password, run.StdoutText);
        }
    }

    [Fact]
    public async Task DebiansClientGetsPasswordFromDebiansServerWithOurKeySet()
    {
        await using DebianServer server = await DebianServer.StartAsync(_dir.Sub("debian"), Config());
        var run = await Clients.DebiansAsync(keys.Ours, server.Port, ClientLimit, Path.Combine(_dir.Path, "hooks"));
        Assert.False(run.TimedOut, $"Debian's client got nothing with our key set:\n{run.Stderr}");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(keys.Ours.Password, run.StdoutText);
    }
}
