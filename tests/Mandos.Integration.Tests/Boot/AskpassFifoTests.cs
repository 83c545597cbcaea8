using Mandos.Integration.Tests.Harness;
using Mandos.Testing.Waiting;

namespace Mandos.Integration.Tests.Boot;

/// <summary>askpass-fifo with its FIFO moved into a scratch directory (MANDOS_TEST_PASSFIFO), never the machine's /lib/cryptsetup.</summary>
[Lane(Lane.Loopback)]
public sealed class AskpassFifoTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task WhatIsWrittenIntoTheFifoComesOutVerbatim()
    {
        string fifo = Path.Combine(_dir.Path, "passfifo");
        Task<ProcessRunner.Result> plugin = ProcessRunner.RunAsync(RepoPaths.Program("askpass-fifo"), [], Limit,
            new Dictionary<string, string> { ["MANDOS_TEST_PASSFIFO"] = fifo });
        await Eventually.Until(() => File.Exists(fifo), "askpass-fifo to make its FIFO");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(fifo));
        await Eventually.Happens(File.WriteAllTextAsync(fifo, "from cryptroot-unlock\n"), "askpass-fifo to open its FIFO for reading");
        ProcessRunner.Result run = await plugin;
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("from cryptroot-unlock\n", run.StdoutText);
    }

    [Fact]
    public async Task MissingDirectoryIsUnavailable()
    {
        ProcessRunner.Result run = await ProcessRunner.RunAsync(RepoPaths.Program("askpass-fifo"), [], Limit,
            new Dictionary<string, string> { ["MANDOS_TEST_PASSFIFO"] = Path.Combine(_dir.Path, "no", "passfifo") });
        Assert.Equal(69, run.ExitCode);
    }
}
