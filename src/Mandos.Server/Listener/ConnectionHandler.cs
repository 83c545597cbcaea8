using System.Net;
using System.Net.Sockets;
using Mandos.Core.Errors;
using Mandos.Core.Logging;
using Mandos.Core.Protocol;
using Mandos.Server.Clients;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;

namespace Mandos.Server.Listener;

/// <summary>
/// Serves one TCP connection: version line, TLS handshake as TLS client, identify the peer by
/// key_id, send the secret to an enabled known client, then close_notify both ways. Every phase
/// runs under a deadline so a silent or slow peer cannot hold the connection, and until the peer
/// is identified the <see cref="ConnectionTable"/> may close it to make room for another.
/// </summary>
public sealed class ConnectionHandler(ClientRegistry clients, TlsCrypto crypto, Log log, TimeSpan phaseLimit)
{
    /// <summary>Raised when an unknown key connects: (key_id, IP address without port), for D-Bus ClientNotFound.</summary>
    public event Action<string, string>? ClientNotFound;

    /// <summary>Raised after a client was sent its secret, for D-Bus GotSecret.</summary>
    public event Action<ClientRecord>? GotSecret;

    public async Task HandleAsync(Socket socket, OpenConnection counted, CancellationToken shutdown)
    {
        string peer = DescribePeer(socket.RemoteEndPoint);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(shutdown, counted.Shed);
        deadline.CancelAfter(phaseLimit);
        try
        {
            await ServeAsync(socket, counted, peer, deadline, shutdown).ConfigureAwait(false);
        }
        catch (Exception e) when (counted.Shed.IsCancellationRequested
                                   && e is OperationCanceledException or IOException or SocketException or TlsException or ProtocolException)
        {
            // Closed to make room; the listener's warning, rate-limited, tells of it.
        }
        catch (OperationCanceledException) when (!shutdown.IsCancellationRequested)
        {
            if (counted.TryWarn(out int held))
            {
                log.Warning($"Connection from {peer} timed out after {phaseLimit.TotalSeconds:0.###} s{ConnectionTable.Held(held)}");
            }
        }
        catch (OperationCanceledException)
        {
            // Server shutting down.
        }
        catch (ProtocolException e)
        {
            log.Info($"Connection from {peer}: {ErrorText.Of(e)}");
        }
        catch (TlsException e)
        {
            log.Warning($"TLS error with {peer}: {ErrorText.Of(e)}");
        }
        catch (IOException e)
        {
            log.Info($"Connection from {peer} failed: {ErrorText.Of(e)}");
        }
        catch (SocketException e)
        {
            log.Info($"Connection from {peer} failed: {ErrorText.Of(e)}");
        }
    }

    private async Task ServeAsync(Socket socket, OpenConnection counted, string peer, CancellationTokenSource deadline, CancellationToken shutdown)
    {
        CancellationToken cancel = deadline.Token;
        string line = await VersionLine.ReadAsync(socket, cancel).ConfigureAwait(false);
        if (!VersionLine.IsAcceptable(line))
        {
            log.Info($"Unknown protocol version {Printable(line)} from {peer}");
            return;
        }
        counted.BeginHandshake();
        var tls = new RawKeyTlsClient(crypto);
        using TlsChannel channel = TlsChannel.AsClient(socket, tls);
        try
        {
            await channel.HandshakeAsync(cancel).ConfigureAwait(false);
        }
        catch (Exception e) when ((e is TlsException or IOException or ProtocolException or SocketException)
                                   && !counted.Shed.IsCancellationRequested)
        {
            log.Warning($"Handshake failed with {peer}: {ErrorText.Of(e)}");
            return;
        }
        string keyId = KeyId.FromSubjectPublicKeyInfo(tls.PeerSubjectPublicKeyInfo!);
        ClientRecord? client = clients.FindByKeyId(keyId);
        if (client is null)
        {
            log.Info($"Client not found for key ID: {keyId}, address: {peer}");
            ClientNotFound?.Invoke(keyId, DescribeAddress(socket.RemoteEndPoint));
        }
        else
        {
            log.Debug($"Key ID {keyId} belongs to client {client.Name} at {peer}");
            if (!counted.TryIdentify())
            {
                // Shed while its handshake ended; the catch for shed connections ends it quietly.
                throw new OperationCanceledException(counted.Shed);
            }
            // The approval wait is bounded by approval_delay, not by the connection's time limit.
            deadline.CancelAfter(Timeout.InfiniteTimeSpan);
            ApprovalOutcome outcome = await client.RequestSecretAsync(shutdown).ConfigureAwait(false);
            deadline.CancelAfter(phaseLimit);
            if (outcome == ApprovalOutcome.Send)
            {
                log.Info($"Sending secret to {client.Name}");
                await channel.WriteAsync(client.Secret, cancel).ConfigureAwait(false);
                client.SecretSent();
                GotSecret?.Invoke(client);
            }
        }
        await channel.CloseAsync(cancel).ConfigureAwait(false);
    }

    internal static string DescribeAddress(EndPoint? endPoint) => endPoint switch
    {
        IPEndPoint ip when ip.Address.IsIPv4MappedToIPv6 => ip.Address.MapToIPv4().ToString(),
        IPEndPoint ip => ip.Address.ToString(),
        _ => DescribePeer(endPoint),
    };

    internal static string DescribePeer(EndPoint? endPoint) => endPoint switch
    {
        IPEndPoint ip when ip.Address.IsIPv4MappedToIPv6 => $"{ip.Address.MapToIPv4()}:{ip.Port}",
        IPEndPoint ip => $"{ip.Address}:{ip.Port}",
        null => "unknown peer",
        _ => endPoint.ToString() ?? "unknown peer",
    };

    /// <summary>What the peer sent, cut short and with control bytes escaped, safe for a log line.</summary>
    internal static string Printable(string line)
    {
        const int MaxShown = 40;
        var text = new System.Text.StringBuilder("\"");
        foreach (char c in line.Length > MaxShown ? line[..MaxShown] : line)
        {
            text.Append(c is >= ' ' and < '\u007f' and not '"' and not '\\' ? c.ToString() : $"\\x{(int)c:x2}");
        }
        text.Append(line.Length > MaxShown ? "\"..." : "\"");
        return text.ToString();
    }
}
