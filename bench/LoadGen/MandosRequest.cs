using System.Net;
using System.Net.Sockets;
using Mandos.Core.Protocol;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Mandos.Bench.LoadGen;

/// <summary>
/// One Mandos client request as the wire has it, without the decryption: connect, version line,
/// TLS handshake as TLS server with the raw key, read the secret to close_notify, close_notify
/// back, close. Returns the number of secret bytes received.
/// </summary>
public sealed class MandosRequest(BcTlsCrypto crypto, Ed25519PrivateKeyParameters privateKey, byte[] subjectPublicKeyInfo)
{
    private const int MaxSecretBytes = 1 << 20;

    public async Task<int> RunAsync(IPEndPoint server, CancellationToken cancel)
    {
        using var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(server, cancel).ConfigureAwait(false);
        await socket.SendAsync(VersionLine.Bytes.ToArray(), SocketFlags.None, cancel).ConfigureAwait(false);
        using TlsChannel channel = TlsChannel.AsServer(socket, new RawKeyTlsServer(crypto, privateKey, subjectPublicKeyInfo));
        await channel.HandshakeAsync(cancel).ConfigureAwait(false);
        byte[] data = await channel.ReadToEndAsync(MaxSecretBytes, cancel).ConfigureAwait(false);
        try
        {
            await channel.CloseAsync(cancel).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or TlsException)
        {
            // The server may drop the socket right after its close_notify: the secret is in.
        }
        return data.Length;
    }
}
