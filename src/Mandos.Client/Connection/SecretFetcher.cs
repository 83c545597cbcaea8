using System.Net.Sockets;
using Mandos.Core.Errors;
using Mandos.Core.Logging;
using Mandos.Core.Protocol;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Mandos.Client.Connection;

/// <summary>
/// One request to one server: connect, send the version line, be the TLS server with our raw
/// public key, and read what the server sends until it closes. Zero bytes means the server
/// refused (unknown, disabled or denied client) and the caller tries again later. The whole
/// attempt ends after <paramref name="attemptLimit"/> (<c>--timeout</c>; infinite for none), so a
/// server that stalls cannot hold it for ever; connecting and the handshake also end after
/// <see cref="HandshakeLimit"/>. Running out of time throws <see cref="AttemptTimeoutException"/>.
/// </summary>
public sealed class SecretFetcher(BcTlsCrypto crypto, Ed25519PrivateKeyParameters privateKey, byte[] subjectPublicKeyInfo, Log log,
    TimeSpan attemptLimit)
{
    /// <summary>Limit for connecting and the handshake; reading may wait longer (approval delay), up to the attempt's limit.</summary>
    public static readonly TimeSpan HandshakeLimit = TimeSpan.FromSeconds(10);

    private const int MaxSecretBytes = 1 << 20;

    public async Task<byte[]> FetchAsync(ServerAddress server, CancellationToken cancel)
    {
        using var attemptDeadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        attemptDeadline.CancelAfter(attemptLimit);
        using var handshakeDeadline = CancellationTokenSource.CreateLinkedTokenSource(attemptDeadline.Token);
        handshakeDeadline.CancelAfter(HandshakeLimit);
        try
        {
            return await FetchAsync(server, handshakeDeadline.Token, attemptDeadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            throw new AttemptTimeoutException(attemptDeadline.IsCancellationRequested
                ? $"Server {server} did not finish within {attemptLimit.TotalSeconds:0.###} s (--timeout); giving up this attempt"
                : $"Server {server} did not complete the handshake within {HandshakeLimit.TotalSeconds:0} s; giving up this attempt");
        }
    }

    private async Task<byte[]> FetchAsync(ServerAddress server, CancellationToken handshakeDeadline, CancellationToken attemptDeadline)
    {
        using var socket = new Socket(server.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(server.EndPoint, handshakeDeadline).ConfigureAwait(false);
        log.Debug($"Connected to {server}");
        await socket.SendAsync(VersionLine.Bytes.ToArray(), SocketFlags.None, handshakeDeadline).ConfigureAwait(false);
        var tls = new RawKeyTlsServer(crypto, privateKey, subjectPublicKeyInfo);
        using TlsChannel channel = TlsChannel.AsServer(socket, tls);
        try
        {
            await channel.HandshakeAsync(handshakeDeadline).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ProtocolException or Org.BouncyCastle.Tls.TlsException && tls.LastAlert is not null)
        {
            throw new ProtocolException($"{ErrorText.Of(e)}: TLS alert {tls.LastAlert}", e);
        }
        log.Debug($"TLS handshake with {server} done");
        byte[] data = await channel.ReadToEndAsync(MaxSecretBytes, attemptDeadline).ConfigureAwait(false);
        try
        {
            await channel.CloseAsync(attemptDeadline).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or Org.BouncyCastle.Tls.TlsException or OperationCanceledException)
        {
            // The server may close the socket right after its close_notify, or never: nothing is lost.
        }
        return data;
    }
}
