namespace Mandos.Core.Timing;

/// <summary>
/// <see cref="Task.Delay(TimeSpan, TimeProvider, CancellationToken)"/> for any duration a
/// <see cref="TimeSpan"/> holds: the runtime's delay refuses more than
/// <see cref="LongTimer.MaxSingleWait"/> (about 49.7 days), so longer waits are made of stretches
/// measured on the provider's monotonic clock (see <see cref="LongTimer"/>).
/// </summary>
public static class LongDelay
{
    /// <summary>Completes after <paramref name="delay"/> (infinite: never), or is cancelled by <paramref name="cancel"/>.</summary>
    public static async Task Wait(TimeSpan delay, TimeProvider time, CancellationToken cancel)
    {
        if (delay == Timeout.InfiniteTimeSpan)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, time, cancel).ConfigureAwait(false);
            return;
        }
        long start = time.GetTimestamp();
        TimeSpan remaining = delay;
        while (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining > LongTimer.MaxSingleWait ? LongTimer.MaxSingleWait : remaining, time, cancel).ConfigureAwait(false);
            remaining = delay - LongTimer.Elapsed(time, start);
        }
        cancel.ThrowIfCancellationRequested();
    }
}
