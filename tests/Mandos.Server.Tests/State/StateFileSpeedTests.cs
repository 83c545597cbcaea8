using Mandos.Server.State;
using Mandos.Testing.Files;
using Xunit;
using Xunit.Abstractions;
using static Mandos.Server.Tests.State.StateSamples;

namespace Mandos.Server.Tests.State;

/// <summary>Not run beside the kill test, whose child processes would eat the time measured here.</summary>
[Lane(Lane.Unit)]
[Collection(StateFileKillTests.Collection)]
public sealed class StateFileSpeedTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDir _dir = new("mandos-state-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void SavingTenThousandClientsTakesWellUnderASecond()
    {
        var file = new StateFile(_dir.Path);
        var clients = Enumerable.Range(0, 10_000).Select(i => EveryFieldSet($"client-{i:D5}")).ToList();
        file.Save(clients, []); // JIT and first-time allocation out of the measurement

        // On this thread's CPU clock: a busy machine makes a save wait longer, not work longer.
        TimeSpan start = ThreadCpuClock.Now;
        const int Rounds = 5;
        for (int i = 0; i < Rounds; i++)
        {
            file.Save(clients, []);
        }

        var perSave = (ThreadCpuClock.Now - start) / Rounds;
        long size = new FileInfo(file.FilePath).Length;
        start = ThreadCpuClock.Now;
        var loaded = file.Load();
        output.WriteLine($"10,000 clients: save {perSave.TotalMilliseconds:F1} ms, load {(ThreadCpuClock.Now - start).TotalMilliseconds:F1} ms of CPU, {size / 1024} KiB");
        Assert.Equal(10_000, loaded.Clients.Count);
        Assert.True(perSave < TimeSpan.FromSeconds(1), $"one save took {perSave} of CPU");
    }
}
