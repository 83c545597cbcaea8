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
        await WaitForLogAsync(server, "Disabling client debian-made after timeout", TimeSpan.FromSeconds(15));

        var refused = await Clients.DebiansAsync(keys.Debian, server.Port, TimeSpan.FromSeconds(4), Path.Combine(_dir.Path, "hooks"));
        Assert.True(refused.TimedOut);
        Assert.Empty(refused.Stdout);
        Assert.Contains("Client debian-made is disabled", server.Log);

        File.WriteAllText(okFile, "");
        await Task.Delay(TimeSpan.FromSeconds(3)); // several intervals: no checker runs for a disabled client
        Assert.DoesNotContain("Checker for debian-made succeeded", server.Log);
        var still = await Clients.DebiansAsync(keys.Debian, server.Port, TimeSpan.FromSeconds(4), Path.Combine(_dir.Path, "hooks"));
        Assert.True(still.TimedOut);
        Assert.Empty(still.Stdout);
    }

    [Fact]
    public async Task SucceedingCheckerKeepsClientEnabledPastItsTimeout()
    {
        string conf = ClientsConf.Write(_dir.Sub("conf"), [keys.Debian.ClientSection],
            defaults: "checker = true\ntimeout = PT2S\ninterval = PT1S\n");
        await using OurServer server = await OurServer.StartAsync(conf, _dir.Sub("state"));
        await Task.Delay(TimeSpan.FromSeconds(5));
        Assert.Contains("Checker for debian-made succeeded", server.Log);
        Assert.DoesNotContain("Disabling client", server.Log);
        var run = await Clients.OursAsync(keys.Debian, server.Port, TimeSpan.FromSeconds(20));
        Assert.Equal(keys.Debian.Password, run.StdoutText);
    }

    private static async Task WaitForLogAsync(OurServer server, string text, TimeSpan limit)
    {
        DateTime until = DateTime.UtcNow + limit;
        while (!server.Log.Contains(text) && DateTime.UtcNow < until)
        {
            await Task.Delay(100);
        }
        Assert.True(server.Log.Contains(text), $"no \"{text}\" in the log:\n{server.Log}");
    }
}
