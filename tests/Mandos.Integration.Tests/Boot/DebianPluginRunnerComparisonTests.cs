using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.Boot;

/// <summary>Debian's plugin-runner and ours on the same plugin directories: same stdout, same exit status.</summary>
[Lane(Lane.Loopback)]
public sealed class DebianPluginRunnerComparisonTests : IDisposable
{
    private const string DebianRunner = "/usr/lib/x86_64-linux-gnu/mandos/plugin-runner";
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string> Cases => new() { "winner", "options", "all-fail", "no-dir", "bad-option", "bad-config", "positional", "empty-dir" };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task SameOutputAndExitStatus(string scenario)
    {
        DebianPackages.Require();
        var plugins = new FakePluginDir(_dir);
        string conf = Path.Combine(_dir.Path, "conf");
        File.WriteAllText(conf, "--options-for=b:--from-conf\n");
        string[] args = [$"--plugin-dir={plugins.Path}", $"--config-file={conf}"];
        // Only the fallback reads stdin; a runner done before the test writes would break the pipe.
        string? stdin = scenario is "winner" or "options" ? null : "fallback answer\n";
        switch (scenario)
        {
            case "winner":
                plugins.Add("a", "exit 1");
                plugins.Add("b", "sleep 0.2; printf 'pw:%s' \"$*\"");
                plugins.Add("c", "exec sleep 20");
                break;
            case "options":
                plugins.Add("b", "printf '%s|' \"$@\"; printf '%s|%s' \"$X\" \"$Y\"");
                args = [.. args, "-g", "g1,,g2", "-o", "b:o1", "-E", "b:X=1", "-G", "Y=2", ""];
                break;
            case "all-fail":
                plugins.Add("a", "exit 1");
                plugins.Add("b", "exit 5");
                break;
            case "no-dir":
                args = ["--plugin-dir=" + Path.Combine(_dir.Path, "missing"), "--config-file=/dev/null"];
                break;
            case "bad-option":
                args = [.. args, "--options-for=nocolon"];
                break;
            case "bad-config":
                File.WriteAllText(conf, "--env-for=:A=b\n");
                break;
            case "positional":
                // Any word but "none", which ours takes as cryptsetup's empty key argument (a
                // deliberate difference: RunnerCommandLineTests, PackagedBootTests).
                args = [.. args, "extra"];
                break;
        }
        ProcessRunner.Result debian = await ProcessRunner.RunAsync("setsid", [DebianRunner, .. args], Limit, stdin: stdin);
        ProcessRunner.Result ours = await ProcessRunner.RunAsync("setsid", [RepoPaths.Program("plugin-runner"), .. args], Limit, stdin: stdin);
        Assert.False(debian.TimedOut || ours.TimedOut, $"Debian:\n{debian.Stderr}\nours:\n{ours.Stderr}");
        Assert.Equal(debian.StdoutText, ours.StdoutText);
        Assert.Equal(debian.ExitCode, ours.ExitCode);
    }
}
