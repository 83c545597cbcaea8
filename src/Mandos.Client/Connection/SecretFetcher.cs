using System.Net.Sockets;
using Mandos.Core.Logging;
using Mandos.Core.Protocol;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Mandos.Client.Connection;

/// <summary>
/// One request to one server: connect, send the version line, be the TLS server with our raw
/// public key, and read what the server sends until it closes. Zero bytes means the server
/// refused (unknown, disabled or denied client) and the caller tries again later.
/// </summary>
public sealed class SecretFetcher(BcTlsCrypto crypto, Ed25519PrivateKeyParameters privateKey, byte[] subjectPublicKeyInfo, Log log)
{
    /// <summary>Limit for connecting and the handshake; reading may wait longer (approval delay).</summary>
    public static readonly TimeSpan HandshakeLimit = TimeSpan.FromSeconds(10);

    private const int MaxSecretBytes = 1 << 20;

    public async Task<byte[]> FetchAsync(ServerAddress server, CancellationToken cancel)
    {
        using var socket = new Socket(server.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var handshakeDeadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        handshakeDeadline.CancelAfter(HandshakeLimit);
        await socket.ConnectAsync(server.EndPoint, handshakeDeadline.Token).ConfigureAwait(false);
        log.Debug($"Connected to {server}");
        await socket.SendAsync(VersionLine.Bytes.ToArray(), SocketFlags.None, handshakeDeadline.Token).ConfigureAwait(false);
        var tls = new RawKeyTlsServer(crypto, privateKey, subjectPublicKeyInfo);
        using TlsChannel channel = TlsChannel.AsServer(socket, tls);
        try
        {
            await channel.HandshakeAsync(handshakeDeadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ProtocolException or Org.BouncyCastle.Tls.TlsException && tls.LastAlert is not null)
        {
            throw new ProtocolException($"{e.Message}: TLS alert {tls.LastAlert}", e);
        }
        log.Debug($"TLS handshake with {server} done");
        byte[] data = await channel.ReadToEndAsync(MaxSecretBytes, cancel).ConfigureAwait(false);
        try
        {
            await channel.CloseAsync(cancel).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or Org.BouncyCastle.Tls.TlsException)
        {
            // The server may close the socket right after its close_notify: nothing is lost.
        }
        return data;
    }
}
