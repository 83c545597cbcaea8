using System.Net.Sockets;
using Mandos.Core.Logging;
using Org.BouncyCastle.Tls;

namespace Mandos.Client.Connection;

/// <summary>
/// <c>--connect</c> mode: ask one server again and again, every <c>--retry</c> seconds, until it
/// sends something that decrypts. Refusals (zero bytes), unreachable servers and failed
/// decryptions all count as "try again later", as upstream.
/// </summary>
public sealed class ConnectLoop(SecretFetcher fetcher, Func<byte[], byte[]> decrypt, TimeSpan retry, Log log)
{
    public async Task<byte[]> RunAsync(ServerAddress server, CancellationToken cancel)
    {
        while (true)
        {
            byte[]? password = await TryOnceAsync(server, cancel).ConfigureAwait(false);
            if (password is not null)
            {
                return password;
            }
            log.Debug($"Retrying {server} in {retry.TotalSeconds:0.###} seconds");
            await Task.Delay(retry, cancel).ConfigureAwait(false);
        }
    }

    private async Task<byte[]?> TryOnceAsync(ServerAddress server, CancellationToken cancel)
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
