using Mandos.Core.Interop;
using Mandos.Server.Checkers;
using Mandos.Testing.Files;
using Mandos.Testing.Waiting;
using Xunit;

namespace Mandos.Server.Tests.Checkers;

/// <summary>Real /bin/sh checkers: exit status, stopping the whole group, and upstream's process setup.</summary>
[Lane(Lane.Loopback)]
public sealed partial class ShellCheckerLauncherTests : IDisposable
{
    private readonly ShellCheckerLauncher _launcher = new(showOutput: false, killGrace: TimeSpan.FromMilliseconds(300));
    private readonly TempDir _dir = new("mandos-checker-", TempDir.Private);

    public void Dispose() => _dir.Dispose();

    private async Task<CheckerResult> RunAsync(string command, ICheckerLauncher? launcher = null)
    {
        IRunningChecker checker = (launcher ?? _launcher).Start(command);
        CheckerResult result = await Eventually.Happens(checker.Completion, "the checker to end");
        AssertReaped(checker.ProcessId);
        return result;
    }

    [Theory]
    [InlineData("exit 0", 0)]
    [InlineData("true", 0)]
    [InlineData("exit 3", 3)]
    [InlineData("false", 1)]
    [InlineData("exit 255", 255)]
    [InlineData("exit 143", 143)]
    [InlineData("no-such-command-for-mandos", 127)]
    public async Task ExitCodeIsReported(string command, int code)
    {
        Assert.Equal(new CheckerResult(code, null), await RunAsync(command));
    }

    [Theory]
    [InlineData("kill -TERM $$", 15)]
    [InlineData("kill -KILL $$", 9)]
    [InlineData("kill -SEGV $$", 11)]
    public async Task ShellKilledBySignalIsReportedAsSignal(string command, int signal)
    {
        Assert.Equal(new CheckerResult(-1, signal), await RunAsync(command));
    }

    [Fact]
    public async Task KillEndsTheShellAndEverythingItStarted()
    {
        string pids = _dir.File("pids");
        IRunningChecker checker = _launcher.Start(
            $"sleep 300 & echo $! >> {pids}; (sleep 300; :) & echo $! >> {pids}; echo ready >> {pids}; wait");
        string[] children = await WaitForLinesAsync(pids, 3);

        checker.Kill();

        Assert.Equal(new CheckerResult(-1, 15), await Eventually.Happens(checker.Completion, "the checker to end"));
        AssertReaped(checker.ProcessId);
        foreach (string child in children[..2])
        {
            await AssertGoneAsync(int.Parse(child));
        }
    }

    [Fact]
    public async Task KillEndsWithSigkillWhatIgnoresSigterm()
    {
        string pids = _dir.File("pids");
        IRunningChecker checker = _launcher.Start($"trap '' TERM; sleep 300 & echo $! >> {pids}; while :; do wait; done");
        string[] children = await WaitForLinesAsync(pids, 1);

        checker.Kill();

        Assert.Equal(new CheckerResult(-1, 9), await Eventually.Happens(checker.Completion, "the checker to end"));
        AssertReaped(checker.ProcessId);
        await AssertGoneAsync(int.Parse(children[0]));
    }

    [Fact]
    public async Task SurvivorsOfSigtermAreKilledAfterTheShellDies()
    {
        string pids = _dir.File("pids");
        IRunningChecker checker = _launcher.Start($"(trap '' TERM; sleep 300) & echo $! >> {pids}; wait");
        string[] children = await WaitForLinesAsync(pids, 1);

        checker.Kill();

        Assert.Equal(new CheckerResult(-1, 15), await Eventually.Happens(checker.Completion, "the checker to end"));
        await AssertGoneAsync(int.Parse(children[0]));
    }

    [Fact]
    public async Task KillIsIdempotentAndHarmlessAfterTheEnd()
    {
        IRunningChecker running = _launcher.Start("sleep 300");
        running.Kill();
        running.Kill();
        Assert.Equal(new CheckerResult(-1, 15), await Eventually.Happens(running.Completion, "the checker to end"));
        running.Kill();

        IRunningChecker ended = _launcher.Start("exit 4");
        Assert.Equal(new CheckerResult(4, null), await Eventually.Happens(ended.Completion, "the checker to end"));
        ended.Kill();
        Assert.Equal(new CheckerResult(4, null), await ended.Completion);
    }

    [Fact]
    public async Task StdinIsDevNull()
    {
        Assert.Equal(0, (await RunAsync("read x && exit 5; test \"$(readlink /proc/$$/fd/0)\" = /dev/null")).ExitCode);
    }

    [Fact]
    public async Task WorkingDirectoryIsRoot()
    {
        Assert.Equal(0, (await RunAsync("test \"$PWD\" = / && test \"$(pwd -P)\" = /")).ExitCode);
    }

    [Fact]
    public async Task OutputGoesToDevNullWithoutDebug()
    {
        Assert.Equal(0, (await RunAsync(
            "test \"$(readlink /proc/$$/fd/1)\" = /dev/null && test \"$(readlink /proc/$$/fd/2)\" = /dev/null")).ExitCode);
    }

    [Fact]
    public async Task OutputIsTheServersWithDebug()
    {
        string stdout = CheckerCommand.Quote(ReadLink("/proc/self/fd/1"));
        string stderr = CheckerCommand.Quote(ReadLink("/proc/self/fd/2"));
        var debug = new ShellCheckerLauncher(showOutput: true);
        Assert.Equal(0, (await RunAsync(
            $"test \"$(readlink /proc/$$/fd/1)\" = {stdout} && test \"$(readlink /proc/$$/fd/2)\" = {stderr}", debug)).ExitCode);
    }

    [Fact]
    public async Task NoDescriptorBeyondStderrIsInherited()
    {
        int leaked = Libc.Dup(0); // dup(2) leaves close-on-exec off, like an inherited listening socket
        try
        {
            Assert.True(leaked > 2);
            Assert.Equal(0, (await RunAsync($"test -e /proc/$$/fd/2 && test ! -e /proc/$$/fd/{leaked}")).ExitCode);
        }
        finally
        {
            _ = Libc.Close(leaked);
        }
    }

    [Fact]
    public async Task CheckerLeadsItsOwnSessionAndProcessGroup()
    {
        // Fields 5 and 6 of /proc/PID/stat are the process group and the session.
        Assert.Equal(0, (await RunAsync("set -- $(cat /proc/$$/stat); test \"$5\" = $$ && test \"$6\" = $$")).ExitCode);
    }

    [Fact]
    public async Task SignalsStartAtTheirDefaults()
    {
        // .NET ignores SIGPIPE; a checker such as `ssh-keyscan | grep -q` must not inherit that.
        // Signals 32 and 33 are glibc's own, which its posix_spawn leaves ignored.
        Assert.Equal(0, (await RunAsync(
            "ignored=$(sed -n 's/^SigIgn:[[:space:]]*//p' /proc/$$/status);"
            + " blocked=$(sed -n 's/^SigBlk:[[:space:]]*//p' /proc/$$/status);"
            + " test $((0x$ignored & ~0x180000000)) = 0 && test $((0x$blocked)) = 0")).ExitCode);
    }

    [Fact]
    public async Task ServerEnvironmentIsPassedOn()
    {
        Environment.SetEnvironmentVariable("MANDOS_CHECKER_TEST_VALUE", "a b");
        Assert.Equal(0, (await RunAsync("test \"$MANDOS_CHECKER_TEST_VALUE\" = 'a b'")).ExitCode);
    }

    [Fact]
    public async Task ExpandedKeygenSshCheckerMatchesItsHostKey()
    {
        // A stand-in for ssh-keyscan that prints what the real one prints for HOST: "HOST TYPE KEY".
        string fake = _dir.File("ssh-keyscan");
        File.WriteAllText(fake, "#!/bin/sh\necho \"$3 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ6vq\"\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        string template = "ssh-keyscan -t ed25519 %(host)s 2>/dev/null | grep --fixed-strings --line-regexp --quiet"
            + " --regexp=%(host)s\" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ6vq\"";
        var attributes = new Dictionary<string, string> { ["host"] = "it's a host" };

        string command = $"PATH={CheckerCommand.Quote(_dir.Path)}:$PATH; " + CheckerCommand.Expand(template, attributes);

        Assert.Equal(new CheckerResult(0, null), await RunAsync(command));
        Assert.Equal(new CheckerResult(1, null), await RunAsync(command.Replace("AAAAC3NzaC1lZDI1NTE5AAAAIJ6vq\"", "AAAAother\"")));
    }

    [Fact]
    public async Task ManyCheckersRunAtOnceAndAllAreReaped()
    {
        IRunningChecker[] checkers = [.. Enumerable.Range(0, 300).Select(i => _launcher.Start($"sleep 0.2; exit {i % 7}"))];
        CheckerResult[] results = await Eventually.Happens(Task.WhenAll(checkers.Select(c => c.Completion)), "every checker to end");
        for (int i = 0; i < checkers.Length; i++)
        {
            Assert.Equal(new CheckerResult(i % 7, null), results[i]);
            AssertReaped(checkers[i].ProcessId);
        }
    }

    [Fact]
    public void CommandWithNulIsRefused()
    {
        Assert.Throws<CheckerStartException>(() => _launcher.Start("true\0false"));
    }

    /// <summary>Our own child must not be left as a zombie (a reused pid would have another parent).</summary>
    private static void AssertReaped(int pid)
    {
        Assert.False(ProcessState(pid) is { } s && s.Parent == Environment.ProcessId, $"checker {pid} was not reaped");
    }

    /// <summary>
    /// A grandchild is reaped by init, not by us; where init does not reap (some containers) a
    /// zombie is dead enough. Either must happen promptly.
    /// </summary>
    private static Task AssertGoneAsync(int pid) =>
        Eventually.Until(() => ProcessState(pid) is not { State: not 'Z' }, $"process {pid} of the stopped checker to end");

    private static (char State, int Parent)? ProcessState(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (fields[0][0], int.Parse(fields[1]));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return null;
        }
    }

    private static async Task<string[]> WaitForLinesAsync(string path, int count)
    {
        string[] lines = [];
        await Eventually.Until(() =>
        {
            lines = File.Exists(path) ? File.ReadAllLines(path) : [];
            return lines.Length >= count && lines[^1].Length > 0;
        }, $"the checker to write {count} lines to {path}");
        return lines;
    }

    private static string ReadLink(string path) =>
        new FileInfo(path).LinkTarget ?? throw new IOException($"{path} is no link");
}
