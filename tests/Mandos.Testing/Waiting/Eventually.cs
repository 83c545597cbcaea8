namespace Mandos.Testing.Waiting;

/// <summary>
/// The one way a test waits for something that happens in its own time. A condition is checked
/// again each time an event says something changed (a line of output, a signal, a file-system
/// change); only where nothing announces the change is it polled. The deadline only bounds a
/// hang: on a busy machine a condition that comes true late still passes, and a failure says
/// what was awaited and what was seen.
/// </summary>
public static class Eventually
{
    /// <summary>How long a wait may take before the test counts it as hung.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    /// <summary>How often a condition without an event is checked.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Polls <paramref name="condition"/> until it holds (no event announces it).</summary>
    /// <param name="awaited">What the test waits for, for the failure message.</param>
    /// <param name="seen">What was seen instead (a log, a screen), read only when the wait fails.</param>
    public static Task Until(Func<bool> condition, string awaited, Func<string>? seen = null) =>
        Until(() => Task.FromResult(condition()), WaitPollInterval, awaited, seen);

    /// <summary>Polls an asynchronous <paramref name="condition"/> (a query of another program) until it holds.</summary>
    public static Task Until(Func<Task<bool>> condition, string awaited, Func<string>? seen = null) =>
        Until(condition, WaitPollInterval, awaited, seen);

    /// <summary>
    /// Checks <paramref name="condition"/> now and again each time <paramref name="changed"/>
    /// completes (the next event that could make it hold), until it holds. The next event is
    /// awaited from before each check, so one arriving during the check is not missed.
    /// </summary>
    public static Task Until(Func<bool> condition, Func<CancellationToken, Task> changed, string awaited, Func<string>? seen = null) =>
        Until(() => Task.FromResult(condition()), changed, awaited, seen);

    /// <inheritdoc cref="Until(Func{bool}, Func{CancellationToken, Task}, string, Func{string}?)"/>
    public static async Task Until(Func<Task<bool>> condition, Func<CancellationToken, Task> changed, string awaited, Func<string>? seen = null)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (true)
        {
            Task next = changed(deadline.Token);
            if (await condition())
            {
                return;
            }
            try
            {
                await next;
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                // One last look: the change may have come with the deadline.
                if (await condition())
                {
                    return;
                }
                throw Failure(awaited, seen);
            }
        }
    }

    /// <summary>Waits for an event (<paramref name="occurrence"/> completes); its result.</summary>
    public static async Task<T> Happens<T>(Task<T> occurrence, string awaited, Func<string>? seen = null)
    {
        try
        {
            return await occurrence.WaitAsync(Deadline);
        }
        catch (TimeoutException)
        {
            throw Failure(awaited, seen);
        }
    }

    /// <inheritdoc cref="Happens{T}(Task{T}, string, Func{string}?)"/>
    public static async Task Happens(Task occurrence, string awaited, Func<string>? seen = null)
    {
        try
        {
            await occurrence.WaitAsync(Deadline);
        }
        catch (TimeoutException)
        {
            throw Failure(awaited, seen);
        }
    }

    private static Task WaitPollInterval(CancellationToken cancel) => Task.Delay(PollInterval, cancel);

    private static TimeoutException Failure(string awaited, Func<string>? seen) =>
        new($"still waiting for {awaited} after {Deadline.TotalSeconds:F0} s" + (seen is null ? "" : ":\n" + seen()));
}
