using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.DBus;

/// <summary>Without a server, or without a bus, our mandos-ctl says so in one line and exits 1.</summary>
[Lane(Lane.Loopback)]
public sealed class CtlConnectionTests
{
    [Theory]
    [InlineData("")]
    [InlineData("-v")]
    [InlineData("-e alpha")]
    public async Task NoServerOnTheBusIsReportedAsDebianReportsIt(string commandLine)
    {
        await using PrivateSystemBus bus = await PrivateSystemBus.StartAsync();
        string[] args = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        ProcessRunner.Result debians = await CtlProgram.Debians.RunAsync(bus.Address, args);
        ProcessRunner.Result ours = await CtlProgram.Ours.RunAsync(bus.Address, args);
        Assert.Equal("Could not connect to Mandos server: The name se.recompile.Mandos was not provided by any .service files\n",
            debians.Stderr);
        Assert.Equal(debians.Stderr, ours.Stderr);
        Assert.Equal(1, ours.ExitCode);
        Assert.Empty(ours.Stdout);
    }

    [Fact]
    public async Task NoBusIsOneLineNotATraceback()
    {
        using var dir = new TempDir();
        string socket = Path.Combine(dir.Path, "no-such-socket");
        ProcessRunner.Result ours = await CtlProgram.Ours.RunAsync("unix:path=" + socket);
        Assert.Equal(1, ours.ExitCode);
        Assert.Equal($"Could not connect to Mandos server: Failed to connect to socket {socket}: No such file or directory\n", ours.Stderr);
        // Debian's fails with a Python traceback here: it exits 1 too.
        Assert.Equal(1, (await CtlProgram.Debians.RunAsync("unix:path=" + socket)).ExitCode);
    }

    [Fact]
    public async Task UsageErrorsNeedNoBusAndMatchDebians()
    {
        foreach (string[] args in new[] { new[] { "-e" }, new[] { "--all" }, new[] { "-V", "a", "b" }, new[] { "--ver" } })
        {
            ProcessRunner.Result debians = await CtlProgram.Debians.RunAsync("unix:path=/nonexistent", args);
            ProcessRunner.Result ours = await CtlProgram.Ours.RunAsync("unix:path=/nonexistent", args);
            Assert.Equal(2, ours.ExitCode);
            Assert.Equal(debians.ExitCode, ours.ExitCode);
            Assert.Equal(debians.Stderr, ours.Stderr);
        }
    }

    [Fact]
    public async Task HelpIsDebiansAndVersionIsOurs()
    {
        ProcessRunner.Result debians = await CtlProgram.Debians.RunAsync("unix:path=/nonexistent", "--help");
        ProcessRunner.Result ours = await CtlProgram.Ours.RunAsync("unix:path=/nonexistent", "--help");
        Assert.Equal(debians.StdoutText, ours.StdoutText);
        ProcessRunner.Result version = await CtlProgram.Ours.RunAsync("unix:path=/nonexistent", "--version");
        Assert.Equal("mandos-ctl 1.8.18\n", version.StdoutText);
    }

    [Fact]
    public async Task BuiltInChecksPass()
    {
        ProcessRunner.Result check = await CtlProgram.Ours.RunAsync("unix:path=/nonexistent", "--check");
        Assert.True(check.ExitCode == 0, check.Stderr);
        Assert.EndsWith("\nOK\n", check.Stderr);
    }
}
