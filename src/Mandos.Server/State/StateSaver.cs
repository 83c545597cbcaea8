using Mandos.Core.Errors;
using Mandos.Core.Timing;

namespace Mandos.Server.State;

/// <summary>
/// Decides when <see cref="StateFile"/> saves. One save of 10,000 clients takes tens of
/// milliseconds while such a server sees dozens of changes a second, so saves are coalesced:
/// <see cref="SaveNowAsync"/> for changes a crash must not lose (enabled or disabled, secret,
/// removal) saves at once, and <see cref="SaveSoon"/> for routine ones (a checker result) saves
/// within <c>routineDelay</c>. Either way one save writes the latest snapshot, covering every
/// change made before it began; at most one save runs at a time.
/// </summary>
public sealed class StateSaver : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly StateFile _file;
    private readonly Func<(IReadOnlyList<ClientState> Clients, IReadOnlyList<RemovedClient> Removed)> _snapshot;
    private readonly Action<string> _warn;
    private readonly TimeProvider _time;
    private readonly TimeSpan _routineDelay;
    private TaskCompletionSource? _waiters; // callers of SaveNowAsync not yet covered by a save
    private LongTimer? _timer;
    private Task _running = Task.CompletedTask;
    private bool _pending;
    private bool _due;
    private bool _saving;
    private bool _disposed;

    public StateSaver(
        StateFile file,
        Func<(IReadOnlyList<ClientState> Clients, IReadOnlyList<RemovedClient> Removed)> snapshot,
        Action<string> warn,
        TimeProvider time,
        TimeSpan routineDelay)
    {
        _file = file;
        _snapshot = snapshot;
        _warn = warn;
        _time = time;
        _routineDelay = routineDelay;
    }

    /// <summary>Saves as soon as possible; completes when a save begun after this call has ended (a failure is warned).</summary>
    public Task SaveNowAsync()
    {
        lock (_lock)
        {
            _pending = true;
            _waiters ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            StartIfIdle();
            return _waiters.Task;
        }
    }

    /// <summary>Makes sure a save follows within the routine delay.</summary>
    public void SaveSoon()
    {
        lock (_lock)
        {
            _pending = true;
            if (!_disposed)
            {
                _timer ??= LongTimer.Once(_time, OnTimer, _routineDelay);
            }
        }
    }

    /// <summary>Saves what is pending and waits for any save under way.</summary>
    public async ValueTask DisposeAsync()
    {
        Task last;
        lock (_lock)
        {
            _disposed = true;
            StopTimer();
            last = _pending ? SaveNowAsync() : _running;
        }

        await last.ConfigureAwait(false);
    }

    private void OnTimer()
    {
        lock (_lock)
        {
            StopTimer();
            _due = true;
            StartIfIdle();
        }
    }

    private void StartIfIdle()
    {
        if (!_saving)
        {
            _saving = true;
            _running = Task.Run(Run);
        }
    }

    private void Run()
    {
        while (TakeTurn(out var waiters))
        {
            SaveOnce();
            waiters?.TrySetResult();
        }
    }

    // Called before the snapshot is taken, so every change made before it is in this save.
    private bool TakeTurn(out TaskCompletionSource? waiters)
    {
        lock (_lock)
        {
            waiters = _waiters;
            if (!_pending || (waiters is null && !_due))
            {
                _saving = false;
                _due = false;
                return false;
            }

            _waiters = null;
            _pending = false;
            _due = false;
            StopTimer(); // this save covers the routine changes too
            return true;
        }
    }

    private void SaveOnce()
    {
        try
        {
            var (clients, removed) = _snapshot();
            _file.Save(clients, removed);
        }
        catch (StateFileException e)
        {
            _warn(ErrorText.Of(e));
        }
        catch (Exception e)
        {
            // A background saver that died would silently stop all later saves; report and go on.
            _warn($"Could not save state to {_file.FilePath}: {e.GetType().Name}: {ErrorText.Of(e)}");
        }
    }

    private void StopTimer()
    {
        _timer?.Dispose();
        _timer = null;
    }
}
