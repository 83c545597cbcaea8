using System.Threading.Channels;
using Mandos.Client.Discovery;
using Mandos.Core.Logging;
using Mandos.Core.Timing;

namespace Mandos.Client.Connection;

/// <summary>
/// Tries servers as upstream orders them, but concurrently: a newly found server is tried at
/// once; a server that failed is tried again <c>--retry</c> after its attempt ended, in the order
/// of first failure (round robin). Attempts start at least <see cref="Stagger"/> apart unless none
/// is running (Happy Eyeballs style), run side by side, and each has its own deadline; the first
/// password wins and the other attempts are cancelled. So a dead, silent or refusing server
/// costs the others nothing. Withdrawn servers are no longer retried.
/// </summary>
public sealed class ServerRotation(Func<ServerAddress, CancellationToken, Task<byte[]?>> attempt, TimeSpan retry, Log log,
    TimeProvider? time = null)
{
    public static readonly TimeSpan Stagger = TimeSpan.FromMilliseconds(250);

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Runs until a password arrives (returned) or no server is left to try and none can come (null).</summary>
    public async Task<byte[]?> RunAsync(ChannelReader<ServerEvent> events, CancellationToken cancel)
    {
        var entries = new List<Entry>();
        var retryOrder = new List<Entry>();
        var running = new Dictionary<Task<byte[]?>, Entry>();
        using var attempts = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        Task<bool>? waitForEvent = events.WaitToReadAsync(cancel).AsTask();
        DateTimeOffset lastLaunch = DateTimeOffset.MinValue;
        try
        {
            while (true)
            {
                DateTimeOffset now = _time.GetUtcNow();
                Entry? due = entries.FirstOrDefault(e => e.IsNew && !e.Running && !e.Withdrawn)
                    ?? retryOrder.FirstOrDefault(e => !e.Running && !e.Withdrawn && now - e.LastEnded >= retry);
                if (due is not null && (running.Count == 0 || now - lastLaunch >= Stagger))
                {
                    log.Debug($"Trying server {due.Server}");
                    due.Running = true;
                    due.IsNew = false;
                    lastLaunch = now;
                    running.Add(attempt(due.Server, attempts.Token), due);
                    continue;
                }
                if (waitForEvent is null && running.Count == 0 && !retryOrder.Any(e => !e.Withdrawn))
                {
                    return null;
                }
                TimeSpan sleep = NextWake(due, lastLaunch, retryOrder, now);
                using var wake = CancellationTokenSource.CreateLinkedTokenSource(cancel);
                Task timer = LongDelay.Wait(sleep, _time, wake.Token);
                var waits = new List<Task>(running.Keys) { timer };
                if (waitForEvent is not null)
                {
                    waits.Add(waitForEvent);
                }
                await Task.WhenAny(waits).ConfigureAwait(false);
                await wake.CancelAsync().ConfigureAwait(false);
                cancel.ThrowIfCancellationRequested();
                foreach (Task<byte[]?> done in running.Keys.Where(t => t.IsCompleted).ToArray())
                {
                    Entry entry = running[done];
                    running.Remove(done);
                    entry.Running = false;
                    entry.LastEnded = _time.GetUtcNow();
                    byte[]? password = done.IsCompletedSuccessfully ? done.Result : null;
                    if (password is not null)
                    {
                        return password;
                    }
                    if (!retryOrder.Contains(entry))
                    {
                        retryOrder.Add(entry);
                    }
                }
                if (waitForEvent is { IsCompleted: true })
                {
                    waitForEvent = TakeEvents(events, entries, waitForEvent, cancel);
                }
            }
        }
        finally
        {
            await attempts.CancelAsync().ConfigureAwait(false);
            try
            {
                await Task.WhenAll(running.Keys).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private Task<bool>? TakeEvents(ChannelReader<ServerEvent> events, List<Entry> entries, Task<bool> waited, CancellationToken cancel)
    {
        if (!waited.IsCompletedSuccessfully || !waited.Result)
        {
            return null;
        }
        while (events.TryRead(out ServerEvent? e))
        {
            Entry? known = entries.FirstOrDefault(x => x.Server == e.Server);
            if (e.Found && known is null)
            {
                entries.Add(new Entry(e.Server));
            }
            else if (e.Found && known!.Withdrawn)
            {
                // Announced again: as good as new.
                known.Withdrawn = false;
                known.IsNew = true;
            }
            else if (!e.Found && known is not null)
            {
                log.Debug($"Server {e.Server} withdrew its announcement");
                known.Withdrawn = true;
            }
        }
        return events.WaitToReadAsync(cancel).AsTask();
    }

    private TimeSpan NextWake(Entry? due, DateTimeOffset lastLaunch, List<Entry> retryOrder, DateTimeOffset now)
    {
        if (due is not null)
        {
            return Max(lastLaunch + Stagger - now);
        }
        // Measured back from now: LastEnded + retry could lie past the year 9999 (--retry of years).
        TimeSpan? next = retryOrder.Where(e => !e.Running && !e.Withdrawn).Select(e => (TimeSpan?)(retry - (now - e.LastEnded))).Min();
        return next is null ? Timeout.InfiniteTimeSpan : Max(next.Value);
    }

    private static TimeSpan Max(TimeSpan t) => t < TimeSpan.Zero ? TimeSpan.Zero : t;

    private sealed class Entry(ServerAddress server)
    {
        public ServerAddress Server { get; } = server;
        public bool IsNew { get; set; } = true;
        public bool Running { get; set; }
        public bool Withdrawn { get; set; }
        public DateTimeOffset LastEnded { get; set; }
    }
}
