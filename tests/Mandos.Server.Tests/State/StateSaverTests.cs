using Mandos.Server.State;
using Mandos.Testing.Files;
using Mandos.Testing.Waiting;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using static Mandos.Server.Tests.State.StateSamples;

namespace Mandos.Server.Tests.State;

[Lane(Lane.Unit)]
public sealed class StateSaverTests : IDisposable
{
    private static readonly TimeSpan RoutineDelay = TimeSpan.FromSeconds(5);
    private readonly TempDir _dir = new("mandos-state-");
    private readonly FakeTimeProvider _time = new();
    private readonly List<string> _warnings = [];
    private int _snapshots;
    private string _host = "first";

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task SaveNowWritesTheLatestStateBeforeItCompletes()
    {
        await using var saver = NewSaver();
        _host = "latest";

        await saver.SaveNowAsync();

        Assert.Equal("latest", SavedHost());
        Assert.Equal(1, _snapshots);
    }

    [Fact]
    public async Task RoutineChangesMakeOneSaveAfterTheDelay()
    {
        await using var saver = NewSaver();
        for (int i = 0; i < 100; i++)
        {
            saver.SaveSoon();
        }

        // The fake clock runs a due timer inside Advance; the save it starts takes its snapshot at once.
        _time.Advance(RoutineDelay - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, Volatile.Read(ref _snapshots));
        _time.Advance(TimeSpan.FromMilliseconds(1));

        await Eventually.Until(() => Volatile.Read(ref _snapshots) >= 1, "the routine save");
        await saver.DisposeAsync(); // waits for the running save; nothing is pending, so it adds none
        Assert.Equal(1, Volatile.Read(ref _snapshots));
        Assert.Equal("first", SavedHost());
    }

    [Fact]
    public async Task UrgentSaveAlsoCoversPendingRoutineChanges()
    {
        await using var saver = NewSaver();
        saver.SaveSoon();
        await saver.SaveNowAsync();

        _time.Advance(RoutineDelay * 2);
        await saver.DisposeAsync(); // would save the routine changes had the urgent save not covered them

        Assert.Equal(1, Volatile.Read(ref _snapshots));
    }

    [Fact]
    public async Task RequestsDuringASaveAreCoalescedIntoOneMore()
    {
        using var release = new ManualResetEventSlim();
        await using var saver = NewSaver(() => release.Wait());
        var first = saver.SaveNowAsync();
        await Eventually.Until(() => Volatile.Read(ref _snapshots) == 1, "the first save to take its snapshot");

        _host = "during";
        var during = Enumerable.Range(0, 10).Select(_ => saver.SaveNowAsync()).ToArray();
        release.Set();
        await first;
        await Task.WhenAll(during);

        Assert.Equal(2, _snapshots);
        Assert.Equal("during", SavedHost());
    }

    [Fact]
    public async Task FailedSaveIsWarnedAndLaterSavesStillHappen()
    {
        string missing = Path.Combine(_dir.Path, "missing");
        await using var saver = NewSaver(file: new StateFile(missing));

        await saver.SaveNowAsync();
        Directory.CreateDirectory(missing);
        await saver.SaveNowAsync();

        Assert.StartsWith($"Could not save state to {Path.Combine(missing, StateFile.FileName)}", Assert.Single(_warnings));
        Assert.True(File.Exists(Path.Combine(missing, StateFile.FileName)));
    }

    [Fact]
    public async Task DisposingSavesPendingRoutineChangesAtOnce()
    {
        var saver = NewSaver();
        saver.SaveSoon();

        await saver.DisposeAsync();

        Assert.Equal("first", SavedHost());
    }

    [Fact]
    public async Task DisposingWithNothingPendingDoesNotSave()
    {
        var saver = NewSaver();

        await saver.DisposeAsync();

        Assert.Equal(0, _snapshots);
        Assert.False(File.Exists(Path.Combine(_dir.Path, StateFile.FileName)));
    }

    private StateSaver NewSaver(Action? duringSnapshot = null, StateFile? file = null) =>
        new(file ?? new StateFile(_dir.Path), () =>
        {
            Interlocked.Increment(ref _snapshots);
            var snapshot = (new[] { ClientState.Fresh(Section(), Now).WithSettings(s => s with { Host = _host }) }, Array.Empty<RemovedClient>());
            duringSnapshot?.Invoke();
            return snapshot;
        }, _warnings.Add, _time, RoutineDelay);

    private string SavedHost() => Assert.Single(new StateFile(_dir.Path).Load().Clients).Settings.Host;
}
