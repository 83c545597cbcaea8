using System.Net.Sockets;
using Mandos.Client.Network;
using Mandos.Core.Errors;
using Mandos.Core.Logging;
using Org.BouncyCastle.Tls;

namespace Mandos.Client.Connection;

/// <summary>
/// One try at one server: fetch and decrypt. Refusals (zero bytes), unreachable or silent
/// servers and failed decryptions all mean "try again later" (null), each logged as one line.
/// With <paramref name="routes"/> (discovery mode), a discovered server that no route leads to
/// gets a temporary on-link route through the interface it was seen on, as upstream.
/// </summary>
public sealed class ServerAttempt(SecretFetcher fetcher, Func<byte[], byte[]> decrypt, Log log, ITemporaryRoutes? routes = null)
{
    public async Task<byte[]?> TryAsync(ServerAddress server, CancellationToken cancel)
    {
        byte[] blob;
        try
        {
            blob = await FetchWithRouteAsync(server, cancel).ConfigureAwait(false);
        }
        catch (AttemptTimeoutException e)
        {
            log.Warning(ErrorText.Of(e));
            return null;
        }
        catch (Exception e) when (e is SocketException or IOException or TlsException or Core.Protocol.ProtocolException)
        {
            log.Warning($"Connection to {server} failed: {ErrorText.Of(e)}");
            return null;
        }
        if (blob.Length == 0)
        {
            log.Warning($"Server {server} sent nothing (unknown, disabled or not approved client)");
            return null;
        }
        log.Debug($"Received {blob.Length} bytes of encrypted data from {server}");
        return Decrypt(server, blob);
    }

    private async Task<byte[]> FetchWithRouteAsync(ServerAddress server, CancellationToken cancel)
    {
        try
        {
            return await fetcher.FetchAsync(server, cancel).ConfigureAwait(false);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.NetworkUnreachable or SocketError.HostUnreachable
            && routes is not null && server.InterfaceIndex != 0 && !server.IsLinkLocal)
        {
            log.Debug($"No route to {server}: asking for a temporary one");
            if (!await routes.AddAsync(server.Address, server.InterfaceIndex).ConfigureAwait(false))
            {
                throw;
            }
            try
            {
                return await fetcher.FetchAsync(server, cancel).ConfigureAwait(false);
            }
            finally
            {
                await routes.DeleteAsync(server.Address, server.InterfaceIndex).ConfigureAwait(false);
            }
        }
    }

    private byte[]? Decrypt(ServerAddress server, byte[] blob)
    {
        try
        {
            return decrypt(blob);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.Warning($"Could not decrypt the data from {server}: {ErrorText.Of(e)}");
            return null;
        }
    }
}
