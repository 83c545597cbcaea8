namespace Mandos.Core.Tests.Timing;

/// <summary>
/// A fake monotonic clock that, unlike a fake wall clock, can run for all of a TimeSpan's range
/// (about 29,000 years; a DateTimeOffset ends at the year 9999). Its timers refuse what the
/// runtime's refuse: a due time past <see cref="Mandos.Core.Timing.LongTimer.MaxSingleWait"/>.
/// </summary>
internal sealed class StretchClock : TimeProvider
{
    private readonly List<Timer> _timers = [];

    public long Ticks { get; private set; }

    /// <summary>The longest due time any timer was armed with.</summary>
    public TimeSpan LongestArm { get; private set; }

    /// <summary>How many times timers were armed.</summary>
    public int Arms { get; private set; }

    /// <summary>How many timers are armed now.</summary>
    public int Pending
    {
        get
        {
            lock (_timers)
            {
                return _timers.Count;
            }
        }
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Ticks;

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.UnixEpoch;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Timer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock on, running each timer that comes due at its instant, in order.</summary>
    public void Advance(TimeSpan by)
    {
        long target = checked(Ticks + by.Ticks);
        while (true)
        {
            Timer? next = null;
            lock (_timers)
            {
                next = _timers.Where(t => t.Due is long due && due <= target).MinBy(t => t.Due);
            }
            if (next is null)
            {
                break;
            }
            Ticks = next.Due!.Value;
            next.Fire();
        }
        Ticks = target;
    }

    private sealed class Timer(StretchClock clock, TimerCallback callback, object? state) : ITimer
    {
        public long? Due { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (period != Timeout.InfiniteTimeSpan)
            {
                throw new NotSupportedException("periodic timers are not used by LongTimer");
            }
            if (dueTime > Mandos.Core.Timing.LongTimer.MaxSingleWait || (dueTime < TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan))
            {
                throw new ArgumentOutOfRangeException(nameof(dueTime), "the runtime refuses this due time");
            }
            lock (clock._timers)
            {
                clock._timers.Remove(this);
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    Due = null;
                    return true;
                }
                Due = clock.Ticks + dueTime.Ticks;
                clock._timers.Add(this);
                clock.Arms++;
                if (dueTime > clock.LongestArm)
                {
                    clock.LongestArm = dueTime;
                }
            }
            return true;
        }

        public void Fire()
        {
            lock (clock._timers)
            {
                clock._timers.Remove(this);
                Due = null;
            }
            callback(state);
        }

        public void Dispose()
        {
            lock (clock._timers)
            {
                clock._timers.Remove(this);
                Due = null;
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
