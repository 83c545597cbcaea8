using System.Net;
using System.Net.Sockets;
using Mandos.Core.Keys;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Mandos.Core.Protocol;

/// <summary>
/// A whole Mandos exchange with itself over loopback: a fresh key, both TLS roles, the key_id
/// check and a secret. Used by <c>mandos --check</c> to prove the crypto stack works here.
/// </summary>
public static class LoopbackSelfTest
{
    public static async Task RunAsync(CancellationToken cancel)
    {
        var crypto = new BcTlsCrypto(new SecureRandom());
        TlsKeyPair key = TlsKeyPair.Generate();
        byte[] secret = "self-test secret"u8.ToArray();
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        Task<byte[]> clientSide = Task.Run(async () =>
        {
            using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await s.ConnectAsync(listener.LocalEndPoint!, cancel);
            await s.SendAsync(VersionLine.Bytes.ToArray(), SocketFlags.None, cancel);
            using TlsChannel tls = TlsChannel.AsServer(s, new RawKeyTlsServer(crypto, key.PrivateKey, key.SubjectPublicKeyInfo));
            await tls.HandshakeAsync(cancel);
            byte[] got = await tls.ReadToEndAsync(1024, cancel);
            await tls.CloseAsync(cancel);
            return got;
        }, cancel);
        using Socket server = await listener.AcceptAsync(cancel);
        string line = await VersionLine.ReadAsync(server, cancel);
        if (!VersionLine.IsAcceptable(line))
        {
            throw new ProtocolException("version line not accepted");
        }
        var peer = new RawKeyTlsClient(crypto);
        using (TlsChannel tls = TlsChannel.AsClient(server, peer))
        {
            await tls.HandshakeAsync(cancel);
            if (KeyId.FromSubjectPublicKeyInfo(peer.PeerSubjectPublicKeyInfo!) != key.KeyId)
            {
                throw new ProtocolException("key_id seen by the server differs from the client's");
            }
            await tls.WriteAsync(secret, cancel);
            await tls.CloseAsync(cancel);
        }
        byte[] received = await clientSide;
        if (!received.AsSpan().SequenceEqual(secret))
        {
            throw new ProtocolException("secret garbled in transit");
        }
    }
}
