namespace Mandos.Core.Timing;

/// <summary>
/// <see cref="Task.Delay(TimeSpan, TimeProvider, CancellationToken)"/> for any duration a
/// <see cref="TimeSpan"/> holds: the runtime's delay refuses more than
/// <see cref="LongTimer.MaxSingleWait"/> (about 49.7 days). The wait is a <see cref="LongTimer"/>,
/// which arms its next stretch from within the previous one's callback, so a fake clock
/// advanced past several stretches at once ends the wait at exactly its due time.
/// </summary>
public static class LongDelay
{
    /// <summary>Completes after <paramref name="delay"/> (infinite: never), or is cancelled by <paramref name="cancel"/>.</summary>
    public static Task Wait(TimeSpan delay, TimeProvider time, CancellationToken cancel)
    {
        if (cancel.IsCancellationRequested)
        {
            return Task.FromCanceled(cancel);
        }
        if (delay == Timeout.InfiniteTimeSpan)
        {
            return Task.Delay(Timeout.InfiniteTimeSpan, time, cancel);
        }
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        LongTimer timer = LongTimer.Once(time, () => done.TrySetResult(), delay);
        CancellationTokenRegistration registration = cancel.Register(() => done.TrySetCanceled(cancel));
        return Finish(done.Task, timer, registration);
    }

    private static async Task Finish(Task done, LongTimer timer, CancellationTokenRegistration registration)
    {
        try
        {
            await done.ConfigureAwait(false);
        }
        finally
        {
            timer.Dispose();
            await registration.DisposeAsync().ConfigureAwait(false);
        }
    }
}
