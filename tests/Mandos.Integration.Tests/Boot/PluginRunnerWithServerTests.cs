using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.Boot;

/// <summary>The boot path on loopback: plugin-runner runs our mandos-client as a plugin, which gets the password from our server.</summary>
[Lane(Lane.Namespace)]
[Collection(KeySetsCollection.Name)]
public sealed class PluginRunnerWithServerTests(KeySetsFixture keys) : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task MandosClientPluginPrintsThePasswordThroughPluginRunner()
    {
        string config = ClientsConf.Write(_dir.Sub("conf"), [keys.Ours.ClientSection]);
        await using OurServer server = await OurServer.StartAsync(config, _dir.Sub("state"));
        var plugins = new FakePluginDir(_dir);
        File.CreateSymbolicLink(Path.Combine(plugins.Path, "mandos-client"), RepoPaths.Program("mandos-client"));
        plugins.Add("password-prompt", "exec sleep 30");   // the console prompt loses the race
        KeySet k = keys.Ours;
        ProcessRunner.Result run = await ProcessRunner.RunAsync(RepoPaths.Program("plugin-runner"),
        [
            $"--plugin-dir={plugins.Path}", "--config-file=/dev/null", "--userid=0", "--groupid=0",
            $"--options-for=mandos-client:--connect=127.0.0.1:{server.Port},--interface=none,--pubkey={k.PubKey},--seckey={k.SecKey}," +
            $"--tls-pubkey={k.TlsPubKey},--tls-privkey={k.TlsPrivKey},--network-hook-dir={_dir.Sub("hooks")}",
        ], Limit, stdin: "");
        Assert.False(run.TimedOut, run.Stderr + server.Log);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(k.Password, run.StdoutText);
    }
}
