using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Threading.Channels;
using Mandos.Client.Connection;
using Mandos.Client.Discovery;
using Mandos.Core.Logging;

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
        var cancelled = new TaskCompletionSource();
        async Task<byte[]?> Attempt(ServerAddress s, CancellationToken cancel)
        {
            if (s == A)
            {
                cancel.Register(() => cancelled.TrySetResult());
                await Task.Delay(Timeout.Infinite, cancel);
            }
            await Task.Delay(50, cancel);
            return Password;
        }
        var watch = Stopwatch.StartNew();
        byte[]? got = await new ServerRotation(Attempt, TimeSpan.FromSeconds(10), Quiet).RunAsync(Announced(true, A, B), CancellationToken.None);
        Assert.Equal(Password, got);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task AttemptsStartStaggered()
    {
        var starts = new ConcurrentDictionary<ServerAddress, long>();
        var watch = Stopwatch.StartNew();
        async Task<byte[]?> Attempt(ServerAddress s, CancellationToken cancel)
        {
            starts[s] = watch.ElapsedMilliseconds;
            if (s == B)
            {
                return Password;
            }
            await Task.Delay(Timeout.Infinite, cancel);
            return null;
        }
        await new ServerRotation(Attempt, TimeSpan.FromSeconds(10), Quiet).RunAsync(Announced(true, A, B), CancellationToken.None);
        Assert.InRange(starts[B] - starts[A], 200, 1500);
    }

    [Fact]
    public async Task FailedServersAreRetriedRoundRobinInOrderOfFirstFailure()
    {
        var order = new ConcurrentQueue<ServerAddress>();
        Task<byte[]?> Attempt(ServerAddress s, CancellationToken cancel)
        {
            order.Enqueue(s);
            return Task.FromResult(order.Count >= 9 ? Password : null);
        }
        byte[]? got = await new ServerRotation(Attempt, TimeSpan.FromMilliseconds(300), Quiet).RunAsync(Announced(true, A, B, C), CancellationToken.None);
        Assert.Equal(Password, got);
        Assert.Equal([A, B, C, A, B, C, A, B, C], order.ToArray());
    }

    [Fact]
    public async Task RetryWaitsTheRetryInterval()
    {
        var times = new ConcurrentQueue<long>();
        var watch = Stopwatch.StartNew();
        Task<byte[]?> Attempt(ServerAddress s, CancellationToken cancel)
        {
            times.Enqueue(watch.ElapsedMilliseconds);
            return Task.FromResult(times.Count >= 3 ? Password : null);
        }
        await new ServerRotation(Attempt, TimeSpan.FromMilliseconds(400), Quiet).RunAsync(Announced(false, A), CancellationToken.None);
        long[] t = times.ToArray();
        Assert.InRange(t[1] - t[0], 350, 2000);
        Assert.InRange(t[2] - t[1], 350, 2000);
    }

    [Fact]
    public async Task WithdrawnServerIsNotRetried()
    {
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
            await Task.Delay(500, cancel);
            return Password;
        }
        await new ServerRotation(Attempt, TimeSpan.FromMilliseconds(100), Quiet).RunAsync(channel.Reader, CancellationToken.None);
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
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        async Task<byte[]?> Attempt(ServerAddress s, CancellationToken cancel)
        {
            await Task.Delay(Timeout.Infinite, cancel);
            return null;
        }
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new ServerRotation(Attempt, TimeSpan.FromSeconds(1), Quiet).RunAsync(Announced(true, A), cts.Token));
    }
}
