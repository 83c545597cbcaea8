using System.Net;
using System.Net.Sockets;

namespace Mandos.Integration.Tests.Robustness;

/// <summary>
/// One loopback address holding many idle TCP connections to a server: each slot connects, sends
/// nothing and waits; when the server closes it, the slot opens a new one after a short back-off
/// (reset once a connection was held a while). Bounded: it stops after <c>maxAttempts</c>
/// connections or <c>lifetime</c>, whichever comes first, or when disposed.
/// </summary>
public sealed class IdleConnectionFlood : IAsyncDisposable
{
    private static readonly TimeSpan FirstBackOff = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan LongestBackOff = TimeSpan.FromSeconds(4);

    private readonly IPAddress _from;
    private readonly IPEndPoint _server;
    private readonly int _maxAttempts;
    private readonly CancellationTokenSource _stop;
    private readonly List<Task> _slots = [];
    private int _attempts;
    private int _established;
    private int _dropped;

    private IdleConnectionFlood(IPAddress from, IPEndPoint server, int maxAttempts, TimeSpan lifetime)
    {
        _from = from;
        _server = server;
        _maxAttempts = maxAttempts;
        _stop = new CancellationTokenSource(lifetime);
    }

    /// <summary>Connections established so far, renewals included.</summary>
    public int Established => Volatile.Read(ref _established);

    /// <summary>Connections the server closed so far.</summary>
    public int Dropped => Volatile.Read(ref _dropped);

    /// <summary>Whether the flood is still going (not stopped by its own bounds).</summary>
    public bool IsRunning => !_stop.IsCancellationRequested && Volatile.Read(ref _attempts) < _maxAttempts;

    /// <summary>Starts <paramref name="slots"/> slots one after the other; returns once each has connected once.</summary>
    public static async Task<IdleConnectionFlood> StartAsync(IPAddress from, int port, int slots, int maxAttempts, TimeSpan lifetime)
    {
        var flood = new IdleConnectionFlood(from, new IPEndPoint(IPAddress.Loopback, port), maxAttempts, lifetime);
        for (int i = 0; i < slots; i++)
        {
            var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            flood._slots.Add(flood.HoldAsync(connected));
            await connected.Task;
        }
        return flood;
    }

    private async Task HoldAsync(TaskCompletionSource connected)
    {
        CancellationToken stop = _stop.Token;
        TimeSpan backOff = FirstBackOff;
        byte[] buffer = new byte[256];
        try
        {
            while (!stop.IsCancellationRequested && Interlocked.Increment(ref _attempts) <= _maxAttempts)
            {
                long since = Environment.TickCount64;
                try
                {
                    using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    socket.Bind(new IPEndPoint(_from, 0));
                    await socket.ConnectAsync(_server, stop);
                    Interlocked.Increment(ref _established);
                    connected.TrySetResult();
                    since = Environment.TickCount64;
                    while (await socket.ReceiveAsync(buffer, SocketFlags.None, stop) > 0)
                    {
                    }
                }
                catch (SocketException e)
                {
                    // Refused, reset or out of ports: the slot only fails if it never connected.
                    if (connected.TrySetException(e))
                    {
                        return;
                    }
                }
                Interlocked.Increment(ref _dropped);
                backOff = Environment.TickCount64 - since > LongestBackOff.TotalMilliseconds ? FirstBackOff
                    : TimeSpan.FromTicks(Math.Min(backOff.Ticks * 2, LongestBackOff.Ticks));
                await Task.Delay(backOff, stop);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
        finally
        {
            connected.TrySetCanceled(CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_slots);
        _stop.Dispose();
    }
}
