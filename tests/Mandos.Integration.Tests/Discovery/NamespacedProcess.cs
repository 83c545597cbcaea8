using Mandos.Integration.Tests.Harness;
using Mandos.Testing.Waiting;

namespace Mandos.Integration.Tests.Discovery;

/// <summary>Peers of the discovery tests that are not Mandos servers, each in its LAN host's namespace.</summary>
public static class NamespacedProcess
{
    /// <summary>A server that accepts TCP connections and never says a word (the kernel completes the handshakes).</summary>
    public static async Task<BackgroundProcess> SilentListenerAsync(LanHost host, int port)
    {
        string script = $"import socket, time\ns = socket.create_server(('', {port}), family=socket.AF_INET6, dualstack_ipv6=True)\n"
            + "print('listening', flush=True)\ntime.sleep(3600)\n";
        BackgroundProcess listener = host.Namespace.Start("/usr/bin/python3", ["-c", script]);
        await WaitListeningAsync(host, port, listener);
        return listener;
    }

    /// <summary>
    /// A host that keeps multicasting mDNS responses holding <paramref name="count"/> A records of
    /// names no service refers to (flood-0.local …), 50 to a packet, every 200 ms, from port 5353.
    /// </summary>
    public static async Task<BackgroundProcess> AddressRecordFlooderAsync(LanHost host, int count)
    {
        string address = host.IPv4!.ToString();
        string script = $$"""
            import socket, struct, time
            def name(n): return b''.join(bytes([len(l)]) + l.encode() for l in n.split('.')) + b'\0'
            def record(i): return name(f'flood-{i}.local') + struct.pack('!HHIH', 1, 0x8001, 120, 4) + bytes([10, 99, (i >> 8) & 255, i & 255])
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton('{{address}}'))
            s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 255)
            s.bind(('{{address}}', 5353))
            packets = []
            for first in range(0, {{count}}, 50):
                records = [record(i) for i in range(first, min(first + 50, {{count}}))]
                packets.append(struct.pack('!HHHHHH', 0, 0x8400, 0, len(records), 0, 0) + b''.join(records))
            sent = 0
            while True:
                for p in packets:
                    s.sendto(p, ('224.0.0.251', 5353))
                sent += 1
                if sent == 5:
                    print('flooding', flush=True)
                time.sleep(0.2)
            """;
        BackgroundProcess flooder = host.Namespace.Start("/usr/bin/python3", ["-c", script]);
        try
        {
            await flooder.WaitForOutputAsync("flooding");
        }
        catch
        {
            await flooder.DisposeAsync();
            throw;
        }
        return flooder;
    }

    private static async Task WaitListeningAsync(LanHost host, int port, BackgroundProcess process)
    {
        try
        {
            await Eventually.Until(async () =>
                (await host.Namespace.RunAsync("ss", ["-ltnH", $"sport = :{port}"], TimeSpan.FromSeconds(10)))
                    .StdoutText.Contains("LISTEN", StringComparison.Ordinal),
                $"something to listen on port {port} in {host.Namespace.Name}", () => process.Output);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }
}
