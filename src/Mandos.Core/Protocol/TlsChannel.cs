using System.Net.Sockets;
using Org.BouncyCastle.Tls;

namespace Mandos.Core.Protocol;

/// <summary>
/// Drives a BouncyCastle TLS protocol object in its non-blocking mode over a socket with async
/// I/O, so that a connection waiting on a slow peer holds no thread. Both Mandos roles use it:
/// the server (TLS client) and the client (TLS server).
/// </summary>
public sealed class TlsChannel : IDisposable
{
    private const int ReceiveBufferSize = 16 * 1024;

    private readonly Socket _socket;
    private readonly TlsProtocol _protocol;
    private readonly byte[] _buffer = new byte[ReceiveBufferSize];
    private bool _peerClosed;

    private TlsChannel(Socket socket, TlsProtocol protocol)
    {
        _socket = socket;
        _protocol = protocol;
    }

    /// <summary>Starts the handshake as TLS client (the Mandos server's role).</summary>
    public static TlsChannel AsClient(Socket socket, TlsClient peer)
    {
        var protocol = new TlsClientProtocol();
        protocol.Connect(peer);
        return new TlsChannel(socket, protocol);
    }

    /// <summary>Starts the handshake as TLS server (the Mandos client's role).</summary>
    public static TlsChannel AsServer(Socket socket, TlsServer peer)
    {
        var protocol = new TlsServerProtocol();
        protocol.Accept(peer);
        return new TlsChannel(socket, protocol);
    }

    /// <summary>Whether the peer has sent close_notify (or the transport ended).</summary>
    public bool PeerClosed => _peerClosed || _protocol.IsClosed;

    public async Task HandshakeAsync(CancellationToken cancel)
    {
        await FlushAsync(cancel).ConfigureAwait(false);
        while (_protocol.IsHandshaking)
        {
            if (!await ReceiveAndOfferAsync(cancel).ConfigureAwait(false))
            {
                throw new ProtocolException("peer closed the connection during the TLS handshake");
            }
            await FlushAsync(cancel).ConfigureAwait(false);
        }
        // A peer may end the session right after its Finished (a Mandos server refusing a
        // client does): the handshake is still complete, and reading then yields nothing.
    }

    public async Task WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancel)
    {
        _protocol.WriteApplicationData(data.Span);
        await FlushAsync(cancel).ConfigureAwait(false);
    }

    /// <summary>Reads application data until the peer's close_notify or end of stream.</summary>
    public async Task<byte[]> ReadToEndAsync(int maxBytes, CancellationToken cancel)
    {
        using var received = new MemoryStream();
        while (true)
        {
            DrainApplicationData(received, maxBytes);
            if (PeerClosed)
            {
                break;
            }
            if (!await ReceiveAndOfferAsync(cancel).ConfigureAwait(false))
            {
                break;
            }
            await FlushAsync(cancel).ConfigureAwait(false);
        }
        DrainApplicationData(received, maxBytes);
        return received.ToArray();
    }

    /// <summary>
    /// Sends close_notify and waits for the peer to finish (GnuTLS <c>bye(SHUT_RDWR)</c>, what
    /// the real peers expect). BouncyCastle accepts no input once it has sent close_notify, so
    /// what still arrives (the peer's close_notify) is read raw until the peer closes the socket.
    /// </summary>
    public async Task CloseAsync(CancellationToken cancel)
    {
        if (!_protocol.IsClosed)
        {
            _protocol.Close();
        }
        await FlushAsync(cancel).ConfigureAwait(false);
        while (!_peerClosed)
        {
            int n = await _socket.ReceiveAsync(_buffer.AsMemory(), SocketFlags.None, cancel).ConfigureAwait(false);
            _peerClosed = n == 0;
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_protocol.IsClosed)
            {
                _protocol.Close();
            }
        }
        catch (IOException)
        {
            // Closing a half-open session: nothing left to tell the peer.
        }
    }

    private async Task<bool> ReceiveAndOfferAsync(CancellationToken cancel)
    {
        int n = await _socket.ReceiveAsync(_buffer.AsMemory(), SocketFlags.None, cancel).ConfigureAwait(false);
        if (n == 0)
        {
            _peerClosed = true;
            return false;
        }
        try
        {
            _protocol.OfferInput(_buffer, 0, n);
        }
        catch (TlsFatalAlertReceived)
        {
            _peerClosed = true;
            throw;
        }
        catch (TlsNoCloseNotifyException)
        {
            _peerClosed = true;
            return false;
        }
        if (_protocol.IsClosed)
        {
            _peerClosed = true;
        }
        return true;
    }

    private async Task FlushAsync(CancellationToken cancel)
    {
        int available;
        while ((available = _protocol.GetAvailableOutputBytes()) > 0)
        {
            byte[] output = new byte[available];
            int n = _protocol.ReadOutput(output, 0, available);
            int sent = 0;
            while (sent < n)
            {
                sent += await _socket.SendAsync(output.AsMemory(sent, n - sent), SocketFlags.None, cancel).ConfigureAwait(false);
            }
        }
    }

    private void DrainApplicationData(MemoryStream into, int maxBytes)
    {
        int available;
        while ((available = _protocol.GetAvailableInputBytes()) > 0)
        {
            if (into.Length + available > maxBytes)
            {
                throw new ProtocolException($"peer sent more than {maxBytes} bytes");
            }
            byte[] chunk = new byte[available];
            int n = _protocol.ReadInput(chunk, 0, available);
            into.Write(chunk, 0, n);
        }
    }

}
