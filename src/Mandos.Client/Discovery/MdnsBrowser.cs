using System.Net.Sockets;
using System.Threading.Channels;
using Mandos.Client.Connection;
using Mandos.Client.Network;
using Mandos.Core.Errors;
using Mandos.Core.Logging;

namespace Mandos.Client.Discovery;

/// <summary>
/// Browses one DNS-SD service type (<c>_mandos._tcp.local</c>) with multicast queries on the given
/// interfaces, over IPv4 and IPv6, and reports servers as they become reachable or are withdrawn.
/// Queries repeat at growing intervals (1 s, 2 s, 4 s … up to <see cref="MaxQueryInterval"/>), and
/// unanswered SRV/A/AAAA questions are asked at once. Unsolicited announcements are heard too.
/// Malformed packets are dropped (logged at debug level): a hostile network cannot crash us.
/// Records expire with their TTL (checked every <see cref="ExpiryCheckInterval"/>); a server
/// whose records expired is reported as withdrawn.
/// </summary>
public sealed class MdnsBrowser(DnsName serviceType, IReadOnlyList<NetInterface> interfaces, Log log, TimeProvider? time = null)
{
    public static readonly DnsName MandosService = DnsName.Parse("_mandos._tcp.local");
    public static readonly TimeSpan MaxQueryInterval = TimeSpan.FromSeconds(15);

    /// <summary>The same question is not asked again on one socket sooner than this.</summary>
    private static readonly TimeSpan QuestionHoldOff = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan ExpiryCheckInterval = TimeSpan.FromSeconds(1);

    /// <summary>Questions remembered for the hold-off; past this many, the memory starts afresh.</summary>
    private const int MaxAskedQuestions = 1024;

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ServiceCache _cache = new(serviceType, time);
    private readonly Dictionary<(MdnsSocket, DnsQuestion), DateTimeOffset> _asked = [];

    /// <summary>Runs until cancelled, writing events; completes the writer when it stops.</summary>
    public async Task RunAsync(ChannelWriter<ServerEvent> events, CancellationToken cancel)
    {
        var sockets = new List<MdnsSocket>();
        try
        {
            foreach (NetInterface link in interfaces)
            {
                foreach (AddressFamily family in new[] { AddressFamily.InterNetworkV6, AddressFamily.InterNetwork })
                {
                    try
                    {
                        sockets.Add(MdnsSocket.Open(link, family));
                    }
                    catch (SocketException e)
                    {
                        log.Debug($"No mDNS over {(family == AddressFamily.InterNetwork ? "IPv4" : "IPv6")} on {link}: {ErrorText.Of(e)}");
                    }
                }
            }
            if (sockets.Count == 0)
            {
                log.Error("Could not open any mDNS socket: no server can be discovered");
                return;
            }
            log.Debug($"Browsing for {serviceType} on {string.Join(", ", interfaces)}");
            Task[] tasks = [.. sockets.Select(s => ReceiveLoopAsync(s, events, cancel)), QueryLoopAsync(sockets, cancel), ExpiryLoopAsync(events, cancel)];
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
        finally
        {
            foreach (MdnsSocket s in sockets)
            {
                s.Dispose();
            }
            events.TryComplete();
        }
    }

    private async Task QueryLoopAsync(IReadOnlyList<MdnsSocket> sockets, CancellationToken cancel)
    {
        // The first query asks for unicast answers (RFC 6762 §5.4): a responder that multicast its
        // records less than a second ago would otherwise hold its answer back; later ones are QM.
        byte[] first = DnsMessage.BuildQuery([new DnsQuestion(serviceType, DnsRecordType.Ptr, UnicastResponse: true)]);
        byte[] query = DnsMessage.BuildQuery([new DnsQuestion(serviceType, DnsRecordType.Ptr)]);
        TimeSpan interval = TimeSpan.FromSeconds(1);
        for (int round = 0; ; round++)
        {
            foreach (MdnsSocket socket in sockets)
            {
                await SendAsync(socket, round == 0 ? first : query, cancel).ConfigureAwait(false);
            }
            await Task.Delay(interval, cancel).ConfigureAwait(false);
            interval = TimeSpan.FromTicks(Math.Min(interval.Ticks * 2, MaxQueryInterval.Ticks));
        }
    }

    private async Task ExpiryLoopAsync(ChannelWriter<ServerEvent> events, CancellationToken cancel)
    {
        while (true)
        {
            await Task.Delay(ExpiryCheckInterval, _time, cancel).ConfigureAwait(false);
            IReadOnlyList<ServerAddress> lost;
            lock (_cache)
            {
                lost = _cache.Expire().Lost;
            }
            foreach (ServerAddress server in lost)
            {
                log.Debug($"Expired: Mandos server {server} (its records were not renewed)");
                await events.WriteAsync(new ServerEvent(server, false), cancel).ConfigureAwait(false);
            }
        }
    }

    private async Task SendAsync(MdnsSocket socket, byte[] packet, CancellationToken cancel)
    {
        try
        {
            await socket.SendAsync(packet, cancel).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            // E.g. no IPv4 address on the interface yet: the next round may work.
            log.Debug($"mDNS query on {socket.Interface} failed: {ErrorText.Of(e)}");
        }
    }

    private async Task ReceiveLoopAsync(MdnsSocket socket, ChannelWriter<ServerEvent> events, CancellationToken cancel)
    {
        byte[] buffer = new byte[65536];
        while (true)
        {
            int length;
            try
            {
                length = await socket.ReceiveAsync(buffer, cancel).ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                log.Debug($"mDNS receive on {socket.Interface} failed: {ErrorText.Of(e)}");
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancel).ConfigureAwait(false);
                continue;
            }
            DnsMessage message;
            try
            {
                message = DnsMessage.Parse(buffer.AsSpan(0, length));
            }
            catch (DnsFormatException e)
            {
                log.Debug($"Dropped a malformed mDNS packet on {socket.Interface}: {ErrorText.Of(e)}");
                continue;
            }
            if (!message.IsResponse)
            {
                continue;
            }
            IReadOnlyList<ServerEvent> changes;
            List<DnsQuestion> missing;
            lock (_cache)
            {
                var (found, lost) = _cache.Apply(message, socket.Interface.Index);
                changes = [.. found.Select(s => new ServerEvent(s, true)), .. lost.Select(s => new ServerEvent(s, false))];
                missing = Unasked(socket, _cache.MissingQuestions(socket.Interface.Index));
            }
            foreach (ServerEvent change in changes)
            {
                log.Debug($"{(change.Found ? "Found" : "Withdrawn")}: Mandos server {change.Server} on {socket.Interface}");
                await events.WriteAsync(change, cancel).ConfigureAwait(false);
            }
            if (missing.Count > 0)
            {
                await SendAsync(socket, DnsMessage.BuildQuery(missing.Select(q => q with { UnicastResponse = true })), cancel).ConfigureAwait(false);
            }
        }
    }

    private List<DnsQuestion> Unasked(MdnsSocket socket, IReadOnlyList<DnsQuestion> questions)
    {
        DateTimeOffset now = _time.GetUtcNow();
        var result = new List<DnsQuestion>();
        foreach (DnsQuestion q in questions)
        {
            if (!_asked.TryGetValue((socket, q), out DateTimeOffset last) || now - last >= QuestionHoldOff)
            {
                if (_asked.Count > MaxAskedQuestions)
                {
                    _asked.Clear();
                }
                _asked[(socket, q)] = now;
                result.Add(q);
            }
        }
        return result;
    }
}
