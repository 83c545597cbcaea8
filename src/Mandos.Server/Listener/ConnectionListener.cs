using System.Net.Sockets;
using Mandos.Core.Logging;

namespace Mandos.Server.Listener;

/// <summary>
/// Accepts connections and serves each on its own asynchronous task: no process or thread per
/// connection. Past <see cref="MaxConnections"/> open at once, new connections are closed at
/// once so a flood cannot exhaust memory or file descriptors.
/// </summary>
public sealed class ConnectionListener(Socket listening, ConnectionHandler handler, Log log)
{
    public const int MaxConnections = 4096;

    private int _open;
    private long _refused;

    public int OpenConnections => Volatile.Read(ref _open);

    public async Task RunAsync(CancellationToken shutdown)
    {
        using CancellationTokenRegistration stop = shutdown.Register(listening.Dispose);
        while (!shutdown.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await listening.AcceptAsync(shutdown).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                break;
            }
            catch (SocketException e)
            {
                // EMFILE and the like: back off instead of spinning.
                log.Error($"accept failed: {e.Message}");
                await Task.Delay(100, CancellationToken.None).ConfigureAwait(false);
                continue;
            }
            if (Interlocked.Increment(ref _open) > MaxConnections)
            {
                Interlocked.Decrement(ref _open);
                if (Interlocked.Increment(ref _refused) % 1000 == 1)
                {
                    log.Warning($"More than {MaxConnections} connections open; refusing new ones");
                }
                connection.Dispose();
                continue;
            }
            _ = ServeAsync(connection, shutdown);
        }
    }

    private async Task ServeAsync(Socket connection, CancellationToken shutdown)
    {
        try
        {
            connection.NoDelay = true;
            await handler.HandleAsync(connection, shutdown).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // A bug in handling one peer must not take the server down.
            log.Error($"Unexpected error serving {ConnectionHandler.DescribePeer(SafeRemote(connection))}: {e.GetType().Name}: {e.Message}");
        }
        finally
        {
            connection.Dispose();
            Interlocked.Decrement(ref _open);
        }
    }

    private static System.Net.EndPoint? SafeRemote(Socket s)
    {
        try
        {
            return s.RemoteEndPoint;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return null;
        }
    }
}
