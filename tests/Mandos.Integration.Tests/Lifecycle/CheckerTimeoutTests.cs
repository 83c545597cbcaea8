using System.Text.RegularExpressions;
using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.Lifecycle;

/// <summary>
/// Real checker processes and second-long durations: a client whose checker fails is disabled
/// after its timeout and then gets nothing (asked by Debian's mandos-client); a checker that
/// succeeds afterwards does not re-enable it, as upstream.
/// </summary>
[Lane(Lane.Namespace)]
[Collection(KeySetsCollection.Name)]
public sealed class CheckerTimeoutTests(KeySetsFixture keys) : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task ExpiredClientGetsNothingAndStaysDisabledWhenItsCheckerRecovers()
    {
        string okFile = Path.Combine(_dir.Path, "ok");
        string conf = ClientsConf.Write(_dir.Sub("conf"), [keys.Debian.ClientSection],
            defaults: $"checker = test -e {okFile}\ntimeout = PT2S\ninterval = PT1S\n");
        await using OurServer server = await OurServer.StartAsync(conf, _dir.Sub("state"));
        await server.WaitForLogAsync("Disabling client debian-made after timeout");

        var refused = await Clients.DebiansAsync(keys.Debian, server.Port, TimeSpan.FromSeconds(4), Path.Combine(_dir.Path, "hooks"));
        Assert.True(refused.TimedOut);
        Assert.Empty(refused.Stdout);
        Assert.Contains("Client debian-made is disabled", server.Log);

        File.WriteAllText(okFile, "");
        var still = await Clients.DebiansAsync(keys.Debian, server.Port, TimeSpan.FromSeconds(4), Path.Combine(_dir.Path, "hooks"));
        Assert.True(still.TimedOut);
        Assert.Empty(still.Stdout);
        // The second client's 4 s, over by now, are several intervals: no checker ran for the disabled client.
        Assert.DoesNotContain("Checker for debian-made succeeded", server.Log);
    }

    [Fact]
    public async Task SucceedingCheckerKeepsClientEnabledPastItsTimeout()
    {
        string conf = ClientsConf.Write(_dir.Sub("conf"), [keys.Debian.ClientSection],
            defaults: "checker = true\ntimeout = PT6S\ninterval = PT2S\n");
        await using OurServer server = await OurServer.StartAsync(conf, _dir.Sub("state"));
        // Five successes two seconds apart span more than the 6 s timeout. Each checker has a whole
        // interval, and the timeout two more, to finish on a busy machine.
        await server.WaitForLogAsync(new Regex("(?s)(?:Checker for debian-made succeeded.*){5}"));
        Assert.DoesNotContain("Disabling client", server.Log);
        var run = await Clients.OursAsync(keys.Debian, server.Port, TimeSpan.FromSeconds(20));
        Assert.Equal(keys.Debian.Password, run.StdoutText);
    }
}
