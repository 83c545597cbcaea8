namespace Mandos.Core.Timing;

/// <summary>
/// A timer that waits as long as a <see cref="TimeSpan"/> can hold. The runtime's timers
/// (<see cref="TimeProvider.CreateTimer"/>, <see cref="Task.Delay(TimeSpan, TimeProvider)"/>)
/// refuse due times beyond <see cref="MaxSingleWait"/> (2^32 − 2 ms, about 49.7 days), while
/// clients.conf allows durations of years (<c>timeout = P10W</c>). This timer arms the
/// provider's timer for at most <see cref="MaxSingleWait"/> at a time and, each time it fires
/// early, measures the time still to wait on the provider's monotonic clock and waits again, so
/// its callback runs once the whole due time has passed, never before. Every scheduler of a
/// configured duration uses it (or <see cref="LongDelay"/>) instead of the provider's timer.
/// </summary>
public sealed class LongTimer : ITimer
{
    /// <summary>The longest due time or period the runtime's timers accept.</summary>
    public static readonly TimeSpan MaxSingleWait = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly Action _callback;
    private ITimer? _inner;
    private long _armedAt; // provider timestamp when the current wait began
    private TimeSpan _due; // time from _armedAt to the callback
    private TimeSpan _period; // Timeout.InfiniteTimeSpan: one shot
    private long _generation;
    private bool _disposed;

    private LongTimer(TimeProvider time, Action callback)
    {
        _time = time;
        _callback = callback;
    }

    /// <summary>
    /// Starts a timer that runs <paramref name="callback"/> after <paramref name="dueTime"/> and
    /// then every <paramref name="period"/>; <see cref="Timeout.InfiniteTimeSpan"/> for either
    /// means never (not yet, or no repeat), and a zero period no repeat, as
    /// <see cref="ITimer.Change"/> takes them.
    /// </summary>
    public static LongTimer Start(TimeProvider time, Action callback, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new LongTimer(time, callback);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>A one-shot timer: <paramref name="callback"/> once, after <paramref name="dueTime"/>.</summary>
    public static LongTimer Once(TimeProvider time, Action callback, TimeSpan dueTime) =>
        Start(time, callback, dueTime, Timeout.InfiniteTimeSpan);

    /// <summary>Re-arms the timer; a negative time other than infinite counts as zero. False once disposed.</summary>
    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return false;
            }
            _period = period <= TimeSpan.Zero ? Timeout.InfiniteTimeSpan : period;
            ArmLocked(dueTime == Timeout.InfiniteTimeSpan ? Timeout.InfiniteTimeSpan : Max(dueTime, TimeSpan.Zero));
            return true;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _generation++;
            _inner?.Dispose();
            _inner = null;
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private void ArmLocked(TimeSpan due)
    {
        _generation++;
        _inner?.Dispose();
        _inner = null;
        _due = due;
        _armedAt = _time.GetTimestamp();
        if (due != Timeout.InfiniteTimeSpan)
        {
            WaitLocked(due);
        }
    }

    // One stretch of waiting on the provider's timer, no longer than it accepts.
    private void WaitLocked(TimeSpan remaining)
    {
        long generation = _generation;
        TimeSpan stretch = remaining > MaxSingleWait ? MaxSingleWait : remaining;
        _inner?.Dispose();
        // Created unarmed and kept before it is armed: a provider may run a due callback at once,
        // on this thread (this lock is re-entrant), and that callback re-arms in its turn; arming
        // in CreateTimer would then overwrite the newer timer kept by the callback with this one.
        ITimer inner = _time.CreateTimer(static s => ((Wake)s!).Timer.OnWake(((Wake)s!).Generation), new Wake(this, generation),
            Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _inner = inner;
        inner.Change(stretch, Timeout.InfiniteTimeSpan);
    }

    private void OnWake(long generation)
    {
        lock (_lock)
        {
            if (_disposed || generation != _generation)
            {
                return; // re-armed or disposed since this stretch began
            }
            TimeSpan remaining = _due - Elapsed(_time, _armedAt);
            if (remaining > TimeSpan.Zero)
            {
                WaitLocked(remaining);
                return;
            }
            if (_period == Timeout.InfiniteTimeSpan)
            {
                _generation++;
                _inner?.Dispose();
                _inner = null;
            }
            else
            {
                ArmLocked(_period);
            }
        }
        _callback();
    }

    /// <summary>
    /// Time since <paramref name="start"/> on the provider's monotonic clock, exact to the tick:
    /// <see cref="TimeProvider.GetElapsedTime(long)"/> goes through a double, which drops ticks
    /// from waits of centuries and would make a timer of the longest duration fire late.
    /// </summary>
    internal static TimeSpan Elapsed(TimeProvider time, long start)
    {
        Int128 ticks = (Int128)(time.GetTimestamp() - start) * TimeSpan.TicksPerSecond / time.TimestampFrequency;
        return ticks >= long.MaxValue ? TimeSpan.MaxValue : new TimeSpan((long)ticks);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private sealed record Wake(LongTimer Timer, long Generation);
}
