using System.Net;
using System.Net.Sockets;
using System.Text;
using Mandos.Client.Network;

namespace Mandos.Client.Separation;

/// <summary>
/// The network side's way to temporary routes: each request goes to the root side over the
/// channel it was started with, one at a time, and waits for its answer. When the root side is
/// gone (end of file), <see cref="Closed"/> is cancelled and every request fails.
/// </summary>
public sealed class RouteRequester : ITemporaryRoutes, IDisposable
{
    private readonly Socket _channel;
    private readonly NetworkStream _stream;
    private readonly StreamReader _answers;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly CancellationTokenSource _closed = new();

    public RouteRequester(Socket channel)
    {
        _channel = channel;
        _stream = new NetworkStream(channel, ownsSocket: true);
        _answers = new StreamReader(_stream, Encoding.ASCII);
        _ = WatchAsync();
    }

    /// <summary>Cancelled when the root side has closed the channel (it exited or was killed).</summary>
    public CancellationToken Closed => _closed.Token;

    private TaskCompletionSource<string?>? _pending;

    public async Task<bool> AddAsync(IPAddress address, int interfaceIndex) =>
        await RequestAsync(new RouteRequest(true, address, interfaceIndex)).ConfigureAwait(false);

    public async Task DeleteAsync(IPAddress address, int interfaceIndex) =>
        _ = await RequestAsync(new RouteRequest(false, address, interfaceIndex)).ConfigureAwait(false);

    private async Task<bool> RequestAsync(RouteRequest request)
    {
        await _oneAtATime.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_closed.IsCancellationRequested)
            {
                return false;
            }
            var answer = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _pending, answer);
            try
            {
                await _stream.WriteAsync(Encoding.ASCII.GetBytes(request.ToLine() + "\n")).ConfigureAwait(false);
            }
            catch (IOException)
            {
                return false;
            }
            try
            {
                return await answer.Task.WaitAsync(_closed.Token).ConfigureAwait(false) == RouteRequest.Done;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>Reads answers until end of file; each completes the request waiting for it.</summary>
    private async Task WatchAsync()
    {
        try
        {
            string? line;
            while ((line = await _answers.ReadLineAsync().ConfigureAwait(false)) is not null)
            {
                Interlocked.Exchange(ref _pending, null)?.TrySetResult(line);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
        {
            // The same as end of file.
        }
        await _closed.CancelAsync().ConfigureAwait(false);
        Interlocked.Exchange(ref _pending, null)?.TrySetResult(null);
    }

    public void Dispose()
    {
        _answers.Dispose();
        _channel.Dispose();
    }
}
