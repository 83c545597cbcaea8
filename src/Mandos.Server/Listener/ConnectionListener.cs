using System.Net;
using System.Net.Sockets;
using Mandos.Core.Errors;
using Mandos.Core.Logging;

namespace Mandos.Server.Listener;

/// <summary>
/// Accepts connections and serves each on its own asynchronous task: no process or thread per
/// connection. Each is counted in a <see cref="ConnectionTable"/>: when its source or the server
/// is full, it is admitted in place of a connection that has waited longest without identifying
/// itself, and refused only when none can be closed, so a flood can neither exhaust memory or
/// file descriptors nor lock out clients elsewhere.
/// </summary>
public sealed class ConnectionListener(Socket listening, ConnectionHandler handler, ConnectionTable table, Log log)
{
    public int OpenConnections => table.Open;

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
                log.Error($"accept failed: {ErrorText.Of(e)}");
                await Task.Delay(100, CancellationToken.None).ConfigureAwait(false);
                continue;
            }
            Admission admission = table.Admit(ConnectionSource.Of(SafeRemote(connection)));
            if (admission.Warning is not null)
            {
                log.Warning(admission.Warning);
            }
            admission.Shed?.Close();
            if (admission.Connection is null)
            {
                connection.Dispose();
                continue;
            }
            _ = ServeAsync(connection, admission.Connection, shutdown);
        }
    }

    private async Task ServeAsync(Socket connection, OpenConnection counted, CancellationToken shutdown)
    {
        try
        {
            connection.NoDelay = true;
            await handler.HandleAsync(connection, counted, shutdown).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // A bug in handling one peer must not take the server down.
            log.Error($"Unexpected error serving {ConnectionHandler.DescribePeer(SafeRemote(connection))}: {e.GetType().Name}: {ErrorText.Of(e)}");
        }
        finally
        {
            connection.Dispose();
            counted.Dispose();
        }
    }

    private static EndPoint? SafeRemote(Socket s)
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
