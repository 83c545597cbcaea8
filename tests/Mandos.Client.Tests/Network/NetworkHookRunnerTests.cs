using Mandos.Client.Network;
using Mandos.Core.Logging;
using Mandos.Testing.Files;

namespace Mandos.Client.Tests.Network;

public sealed class NetworkHookRunnerTests : IDisposable
{
    private readonly TempDir _dir = new("hooks-", TempDir.Private);
    private readonly string _out;

    public NetworkHookRunnerTests() => _out = Path.Combine(_dir.Path, "..", Path.GetFileName(_dir.Path) + ".out");

    public void Dispose()
    {
        _dir.Dispose();
        File.Delete(_out);
    }

    private void Hook(string name, string body, bool executable = true)
    {
        string path = Path.Combine(_dir.Path, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, executable ? (UnixFileMode)0b111_101_101 : (UnixFileMode)0b110_100_100);
    }

    [Lane(Lane.Loopback)]
    [Fact]
    public async Task HooksRunInOrderWithUpstreamsEnvironmentAndTheModeAsArgument()
    {
        Hook("20-second", $"echo \"second $MODE $1\" >> {_out}");
        Hook("10-first", $"echo \"first $MODE $1 $MANDOSNETHOOKDIR $DEVICE $VERBOSITY $DELAY $CONNECT\" >> {_out}");
        Hook("30-backup~", $"echo backup >> {_out}");
        Hook("40-not-executable", $"echo plain >> {_out}", executable: false);
        Hook("50-fails", "exit 3");
        var env = NetworkHookRunner.Environment(_dir.Path, ["eth0", "eth1"], debug: true, delay: 2.5, connect: "192.0.2.1:7779");
        await new NetworkHookRunner(_dir.Path, env, start => start(), new Log(LogLevel.Critical)).RunAllAsync("start");
        Assert.Equal([$"first start start {_dir.Path} eth0,eth1 1 2.500000 192.0.2.1:7779", "second start start"], File.ReadAllLines(_out));
    }

    [Lane(Lane.Unit)]
    [Fact]
    public async Task MissingDirectoryIsFine() =>
        await new NetworkHookRunner(Path.Combine(_dir.Path, "absent"), new Dictionary<string, string>(), start => start(), new Log(LogLevel.Critical)).RunAllAsync("stop");

    [Lane(Lane.Unit)]
    [Theory]
    [InlineData("bridge", true)]
    [InlineData("01_wireless.sh", true)]
    [InlineData("hook~", false)]
    [InlineData("hook.dpkg-old", true)]
    [InlineData("with space", false)]
    public void HookNamesFollowRunParts(string name, bool allowed) =>
        Assert.Equal(allowed, NetworkHookRunner.IsHookName(name));
}
