namespace Mandos.Server.Listener;

/// <summary>
/// Lets one warning through per interval and counts the ones held back, so that a flood of
/// connections makes a few log lines, not one per connection. Not thread-safe: its owner locks.
/// </summary>
public sealed class WarningThrottle(TimeSpan interval)
{
    private long _lastSaid;
    private bool _saidBefore;
    private int _held;

    /// <summary>
    /// Whether a warning may be said at <paramref name="now"/> (a <see cref="TimeProvider"/>
    /// timestamp); if so, <paramref name="held"/> is how many were held back since the last one.
    /// </summary>
    public bool TrySay(TimeProvider clock, long now, out int held)
    {
        if (_saidBefore && clock.GetElapsedTime(_lastSaid, now) < interval)
        {
            _held++;
            held = 0;
            return false;
        }
        held = _held;
        _held = 0;
        _lastSaid = now;
        _saidBefore = true;
        return true;
    }
}
