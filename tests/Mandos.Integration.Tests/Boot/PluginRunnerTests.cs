using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.Boot;

/// <summary>Our plugin-runner (the multi-call executable under that name) with directories of real plugin processes.</summary>
[Lane(Lane.Loopback)]
public sealed class PluginRunnerTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private readonly TempDir _dir = new();
    private readonly FakePluginDir _plugins;

    public PluginRunnerTests() => _plugins = new FakePluginDir(_dir);

    public void Dispose() => _dir.Dispose();

    private Task<ProcessRunner.Result> RunAsync(IDictionary<string, string>? env, string? stdin, params string[] args) =>
        ProcessRunner.RunAsync(RepoPaths.Program("plugin-runner"),
            [$"--plugin-dir={_plugins.Path}", "--config-file=/nonexistent/plugin-runner.conf", .. args], Limit, env, stdin ?? "");

    [Fact]
    public async Task FirstPasswordWinsAndSlowPluginGetsSigterm()
    {
        string marker = Path.Combine(_dir.Path, "terminated");
        File.WriteAllText(marker, "");
        File.SetUnixFileMode(marker, (UnixFileMode)0b110_110_110);
        _plugins.Add("slow", $"trap 'echo TERM >> {marker}; kill $!; exit 3' TERM\nsleep 20 & wait");
        _plugins.Add("failing", "printf 'not this'; exit 1");
        _plugins.Add("winner", "sleep 0.3; printf 'the password'");
        ProcessRunner.Result run = await RunAsync(null, null);
        Assert.False(run.TimedOut, run.Stderr);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("the password", run.StdoutText);
        Assert.Equal("TERM\n", File.ReadAllText(marker));
    }

    [Fact]
    public async Task OptionsAndEnvironmentReachThePluginAndPrivilegesAreDropped()
    {
        _plugins.AddTalkative("talk", "pw");
        ProcessRunner.Result run = await RunAsync(new Dictionary<string, string> { ["BAR"] = "inherited", ["FOO"] = "inherited" }, null,
            "--global-options=-a,b c", "--options-for=talk:-x,", "-G", "FOO=global", "-E", "talk:BAR=own", "--plugin-helper-dir=/helpers");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("pw", run.StdoutText);
        Assert.Contains("talk args: [-x] [] [-a] [b c]", run.Stderr);
        Assert.Contains("talk env: FOO=global BAR=own HELPER=/helpers", run.Stderr);
        Assert.Contains("talk ids: 65534:65534", run.Stderr);
    }

    [Fact]
    public async Task DisabledPluginsAndLeftoversDoNotRun()
    {
        _plugins.Add("a-disabled", "printf wrong");
        _plugins.Add("b.dpkg-old", "printf wrong");
        _plugins.Add("c~", "printf wrong");
        _plugins.Add("d-late", "sleep 0.5; printf right");
        File.WriteAllText(Path.Combine(_plugins.Path, "e-not-executable"), "#!/bin/sh\nprintf wrong\n");
        ProcessRunner.Result run = await RunAsync(null, null, "--disable=a-disabled", "--debug");
        Assert.Equal("right", run.StdoutText);
        Assert.Contains("Ignoring disabled plugin \"a-disabled\"", run.Stderr);
    }

    [Fact]
    public async Task AllFailingGoesToFallbackOnStdin()
    {
        _plugins.Add("failing", "exit 2");
        ProcessRunner.Result run = await RunAsync(null, "typed\n");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("typed", run.StdoutText);
        Assert.Contains("Going to fallback mode using getpass(3)", run.Stderr);
    }

    [Fact]
    public async Task KeyscriptGetsCrypttabEnvironmentAndAddsNoNewline()
    {
        _plugins.AddTalkative("talk", "disk pass");
        var env = new Dictionary<string, string> { ["CRYPTTAB_SOURCE"] = "/dev/vda2", ["CRYPTTAB_NAME"] = "root", ["CRYPTTAB_TRIED"] = "0" };
        ProcessRunner.Result run = await RunAsync(env, null, "");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("disk pass"u8.ToArray(), run.Stdout);
        Assert.Contains("SRC=/dev/vda2", run.Stderr);
    }

    [Fact]
    public async Task ConfigFileOptionsApply()
    {
        _plugins.AddTalkative("talk", "pw");
        string conf = Path.Combine(_dir.Path, "plugin-runner.conf");
        File.WriteAllText(conf, "## comment\n--options-for=talk:--from-file # --options-for=talk:--commented\n--userid=0 --groupid=0\n");
        ProcessRunner.Result run = await ProcessRunner.RunAsync(RepoPaths.Program("plugin-runner"),
            [$"--plugin-dir={_plugins.Path}", $"--config-file={conf}", "--options-for=talk:--from-command-line"], Limit, stdin: "");
        Assert.Contains("talk args: [--from-file] [--from-command-line]", run.Stderr);
        Assert.Contains("talk ids: 0:0", run.Stderr);
    }

    [Fact]
    public async Task EmptyOutputOfASuccessfulPluginCounts()
    {
        _plugins.Add("dummy", "exit 0");
        _plugins.Add("slow", "exec sleep 20");
        ProcessRunner.Result run = await RunAsync(null, null);
        Assert.Equal(0, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.DoesNotContain("fallback", run.Stderr);
    }
}
