namespace Mandos.Server.Listener;

/// <summary>
/// Lets one warning through per interval and counts the ones held back, so that a flood of
/// connections makes a few log lines, not one per connection. Not thread-safe: its owner locks.
/// Times are <see cref="TimeProvider"/> timestamps.
/// </summary>
public sealed class WarningThrottle(TimeSpan interval)
{
    private long _lastSaid;
    private bool _saidBefore;
    private int _held;

    public bool IsDue(TimeProvider clock, long now) => !_saidBefore || clock.GetElapsedTime(_lastSaid, now) >= interval;

    /// <summary>Counts a warning not said.</summary>
    public void Hold() => _held++;

    /// <summary>Records a warning said at <paramref name="now"/>; how many were held back since the last one.</summary>
    public int Say(long now)
    {
        int held = _held;
        _held = 0;
        _lastSaid = now;
        _saidBefore = true;
        return held;
    }

    /// <summary>Says the warning if it is due (<paramref name="held"/> then counts those held back), else holds it.</summary>
    public bool TrySay(TimeProvider clock, long now, out int held)
    {
        if (!IsDue(clock, now))
        {
            Hold();
            held = 0;
            return false;
        }
        held = Say(now);
        return true;
    }
}
