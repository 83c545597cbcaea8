using System.Net.Sockets;
using Mandos.Core.Logging;
using Org.BouncyCastle.Tls;

namespace Mandos.Client.Connection;

/// <summary>
/// One try at one server: fetch and decrypt. Refusals (zero bytes), unreachable or silent
/// servers and failed decryptions all mean "try again later" (null), each logged as one line.
/// </summary>
public sealed class ServerAttempt(SecretFetcher fetcher, Func<byte[], byte[]> decrypt, Log log)
{
    public async Task<byte[]?> TryAsync(ServerAddress server, CancellationToken cancel)
    {
        byte[] blob;
        try
        {
            blob = await fetcher.FetchAsync(server, cancel).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            log.Warning($"Server {server} did not complete the handshake in time");
            return null;
        }
        catch (Exception e) when (e is SocketException or IOException or TlsException or Core.Protocol.ProtocolException)
        {
            log.Warning($"Connection to {server} failed: {e.Message}");
            return null;
        }
        if (blob.Length == 0)
        {
            log.Warning($"Server {server} sent nothing (unknown, disabled or not approved client)");
            return null;
        }
        log.Debug($"Received {blob.Length} bytes of encrypted data from {server}");
        try
        {
            return decrypt(blob);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.Warning($"Could not decrypt the data from {server}: {e.Message}");
            return null;
        }
    }
}
