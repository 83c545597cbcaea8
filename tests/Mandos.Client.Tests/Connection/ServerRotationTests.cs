using System.Collections.Concurrent;
using System.Net;
using System.Threading.Channels;
using Mandos.Client.Connection;
using Mandos.Client.Discovery;
using Mandos.Core.Logging;
using Mandos.Testing.Waiting;

namespace Mandos.Client.Tests.Connection;

[Lane(Lane.Unit)]
public sealed class ServerRotationTests
{
    private static readonly ServerAddress A = new(IPAddress.Parse("192.0.2.1"), 1);
    private static readonly ServerAddress B = new(IPAddress.Parse("192.0.2.2"), 2);
    private static readonly ServerAddress C = new(IPAddress.Parse("192.0.2.3"), 3);
    private static readonly byte[] Password = "secret"u8.ToArray();
    private static readonly Log Quiet = new(LogLevel.Critical);

    private static ChannelReader<ServerEvent> Announced(bool keepOpen, params ServerAddress[] servers)
    {
        var channel = Channel.CreateUnbounded<ServerEvent>();
        foreach (ServerAddress s in servers)
        {
            channel.Writer.TryWrite(new ServerEvent(s, true));
        }
        if (!keepOpen)
        {
            channel.Writer.TryComplete();
        }
        return channel.Reader;
    }

    [Fact]
    public async Task SilentServerDoesNotDelayTheLiveOne()
    {
        var clock = new SteppedClock();
        DateTimeOffset began = clock.GetUtcNow();
        var cancelled = new TaskCompletionSource();
        async Task<byte[]?> Attempt(ServerAddress s, CancellationToken cancel)
        {
            if (s == A)
            {
                cancel.Register(() => cancelled.TrySetResult());
                await Task.Delay(Timeout.Infinite, cancel);
            }
            return Password;
        }
        byte[]? got = await clock.RunAsync(
            new ServerRotation(Attempt, TimeSpan.FromSeconds(10), Quiet, clock).RunAsync(Announced(true, A, B), CancellationToken.None));
        Assert.Equal(Password, got);
        // B's attempt waited only the stagger after A's, not for A to end or time out.
        Assert.Equal(ServerRotation.Stagger, clock.GetUtcNow() - began);
        await Eventually.Happens(cancelled.Task, "the silent server's attempt to be cancelled");
    }

    [Fact]
    public async Task AttemptsStartStaggered()
    {
        var clock = new SteppedClock();
        var starts = new ConcurrentDictionary<ServerAddress, DateTimeOffset>();
        async Task<byte[]?> Attempt(ServerAddress s, CancellationToken cancel)
        {
            starts[s] = clock.GetUtcNow();
            if (s == B)
            {
                return Password;
            }
            await Task.Delay(Timeout.Infinite, cancel);
            return null;
        }
        await clock.RunAsync(new ServerRotation(Attempt, TimeSpan.FromSeconds(10), Quiet, clock).RunAsync(Announced(true, A, B), CancellationToken.None));
        Assert.Equal(ServerRotation.Stagger, starts[B] - starts[A]);
    }

    [Fact]
    public async Task FailedServersAreRetriedRoundRobinInOrderOfFirstFailure()
    {
        var clock = new SteppedClock();
        var order = new ConcurrentQueue<ServerAddress>();
        Task<byte[]?> Attempt(ServerAddress s, CancellationToken cancel)
        {
            order.Enqueue(s);
            return Task.FromResult(order.Count >= 9 ? Password : null);
        }
        byte[]? got = await clock.RunAsync(
            new ServerRotation(Attempt, TimeSpan.FromMilliseconds(300), Quiet, clock).RunAsync(Announced(true, A, B, C), CancellationToken.None));
        Assert.Equal(Password, got);
        Assert.Equal([A, B, C, A, B, C, A, B, C], order.ToArray());
    }

    [Fact]
    public async Task RetryWaitsTheRetryInterval()
    {
        var clock = new SteppedClock();
        var times = new ConcurrentQueue<DateTimeOffset>();
        Task<byte[]?> Attempt(ServerAddress s, CancellationToken cancel)
        {
            times.Enqueue(clock.GetUtcNow());
            return Task.FromResult(times.Count >= 3 ? Password : null);
        }
        await clock.RunAsync(new ServerRotation(Attempt, TimeSpan.FromMilliseconds(400), Quiet, clock).RunAsync(Announced(false, A), CancellationToken.None));
        DateTimeOffset[] t = times.ToArray();
        Assert.Equal(TimeSpan.FromMilliseconds(400), t[1] - t[0]);
        Assert.Equal(TimeSpan.FromMilliseconds(400), t[2] - t[1]);
    }

    [Fact]
    public async Task WithdrawnServerIsNotRetried()
    {
        var clock = new SteppedClock();
        var channel = Channel.CreateUnbounded<ServerEvent>();
        channel.Writer.TryWrite(new ServerEvent(A, true));
        var order = new ConcurrentQueue<ServerAddress>();
        async Task<byte[]?> Attempt(ServerAddress s, CancellationToken cancel)
        {
            order.Enqueue(s);
            if (s == A)
            {
                channel.Writer.TryWrite(new ServerEvent(A, false));
                channel.Writer.TryWrite(new ServerEvent(B, true));
                return null;
            }
            // B answers well after A's retry interval: A would have been tried again by then.
            await Task.Delay(TimeSpan.FromMilliseconds(500), clock, cancel);
            return Password;
        }
        await clock.RunAsync(new ServerRotation(Attempt, TimeSpan.FromMilliseconds(100), Quiet, clock).RunAsync(channel.Reader, CancellationToken.None));
        Assert.Equal([A, B], order.ToArray());
    }

    [Fact]
    public async Task NothingToTryAndNothingToComeEndsWithoutPassword()
    {
        byte[]? got = await new ServerRotation((_, _) => Task.FromResult<byte[]?>(Password), TimeSpan.FromSeconds(1), Quiet)
            .RunAsync(Announced(false), CancellationToken.None);
        Assert.Null(got);
    }

    [Fact]
    public async Task CancellationStopsEverything()
    {
        using var cts = new CancellationTokenSource();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task<byte[]?> Attempt(ServerAddress s, CancellationToken cancel)
        {
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancel);
            return null;
        }
        Task<byte[]?> run = new ServerRotation(Attempt, TimeSpan.FromSeconds(1), Quiet, new SteppedClock()).RunAsync(Announced(true, A), cts.Token);
        await Eventually.Happens(started.Task, "the attempt to start");
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Eventually.Happens(run, "the rotation to stop"));
    }
}
