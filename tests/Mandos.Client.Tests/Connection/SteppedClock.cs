using Mandos.Testing.Waiting;
using Microsoft.Extensions.Time.Testing;

namespace Mandos.Client.Tests.Connection;

/// <summary>
/// A fake clock that knows which of its timers are still set, so a test can move time straight to
/// the next one: timer behaviour is then checked to the millisecond and never waits on the real
/// clock, however busy the machine.
/// </summary>
public sealed class SteppedClock : FakeTimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<SetTimer> _set = [];
    private TaskCompletionSource _changed = NewChange();

    public SteppedClock()
        : base(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new SetTimer(this);
        timer.Inner = base.CreateTimer(callback, state, dueTime, period);
        timer.Due(dueTime);
        return timer;
    }

    /// <summary>
    /// Runs <paramref name="work"/> to its end, moving the clock to each timer it sets as soon as
    /// it is set; its result.
    /// </summary>
    public async Task<T> RunAsync<T>(Task<T> work)
    {
        using var hung = new CancellationTokenSource(Eventually.Deadline);
        while (!work.IsCompleted)
        {
            Task changed;
            DateTimeOffset now = GetUtcNow();
            DateTimeOffset? next;
            lock (_gate)
            {
                changed = _changed.Task;
                // A timer that fired but is not disposed yet stays in the list; it is not next.
                next = _set.Where(t => t.DueAt > now).Select(t => (DateTimeOffset?)t.DueAt).Min();
            }
            if (next is not null)
            {
                Advance(next.Value - now);
                continue;
            }
            await Task.WhenAny(work, changed).WaitAsync(hung.Token);
        }
        return await work;
    }

    private static TaskCompletionSource NewChange() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Changed(SetTimer timer, DateTimeOffset? dueAt)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _set.Remove(timer);
            if (dueAt is not null)
            {
                timer.DueAt = dueAt.Value;
                _set.Add(timer);
            }
            changed = _changed;
            _changed = NewChange();
        }
        changed.SetResult();
    }

    /// <summary>One timer of the clock, set (with its due time) until it fires once or is changed or disposed.</summary>
    private sealed class SetTimer(SteppedClock clock) : ITimer
    {
        public ITimer Inner { get; set; } = null!;

        public DateTimeOffset DueAt { get; set; }

        public void Due(TimeSpan dueTime) =>
            clock.Changed(this, dueTime == Timeout.InfiniteTimeSpan ? null : clock.GetUtcNow() + dueTime);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            bool changed = Inner.Change(dueTime, period);
            Due(dueTime);
            return changed;
        }

        public void Dispose()
        {
            Inner.Dispose();
            clock.Changed(this, null);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
