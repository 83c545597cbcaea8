using System.Net;
using System.Net.Sockets;
using Mandos.Client.Network;

namespace Mandos.Client.Discovery;

/// <summary>
/// One UDP socket for mDNS on one interface and one address family: bound to port 5353 (shared
/// with any other responder), member of the mDNS group on that interface only, sending there with
/// IP_MULTICAST_IF / IPV6_MULTICAST_IF. Datagrams that arrived on another interface are dropped.
/// If 5353 cannot be bound, an ephemeral port still gets (unicast) answers to our queries.
/// </summary>
public sealed class MdnsSocket : IDisposable
{
    public const int Port = 5353;
    public static readonly IPAddress GroupV4 = IPAddress.Parse("224.0.0.251");
    public static readonly IPAddress GroupV6 = IPAddress.Parse("ff02::fb");

    private const int IpMulticastIf = 32;
    private const int IpMulticastTtl = 33;
    private const int IpMulticastAll = 49;
    private const int Ipv6MulticastIf = 17;
    private const int Ipv6MulticastHops = 18;
    private const int Ipv6MulticastAll = 29;

    private readonly Socket _socket;
    private readonly IPEndPoint _group;

    private MdnsSocket(Socket socket, NetInterface link, IPEndPoint group)
    {
        _socket = socket;
        Interface = link;
        _group = group;
    }

    public NetInterface Interface { get; }

    public AddressFamily Family => _group.AddressFamily;

    public static MdnsSocket Open(NetInterface link, AddressFamily family)
    {
        bool v6 = family == AddressFamily.InterNetworkV6;
        var socket = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            if (v6)
            {
                socket.DualMode = false;
            }
            try
            {
                socket.Bind(new IPEndPoint(v6 ? IPAddress.IPv6Any : IPAddress.Any, Port));
            }
            catch (SocketException)
            {
                socket.Bind(new IPEndPoint(v6 ? IPAddress.IPv6Any : IPAddress.Any, 0));
            }
            if (v6)
            {
                socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.AddMembership, new IPv6MulticastOption(GroupV6, link.Index));
                SetInt(socket, SocketOptionLevel.IPv6, Ipv6MulticastIf, link.Index);
                SetInt(socket, SocketOptionLevel.IPv6, Ipv6MulticastHops, 255);
                TrySetInt(socket, SocketOptionLevel.IPv6, Ipv6MulticastAll, 0);
            }
            else
            {
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(GroupV4, link.Index));
                // struct ip_mreqn { imr_multiaddr, imr_address, imr_ifindex }: choose the interface by index.
                byte[] mreqn = new byte[12];
                BitConverter.TryWriteBytes(mreqn.AsSpan(8), link.Index);
                socket.SetRawSocketOption((int)SocketOptionLevel.IP, IpMulticastIf, mreqn);
                SetInt(socket, SocketOptionLevel.IP, IpMulticastTtl, 255);
                TrySetInt(socket, SocketOptionLevel.IP, IpMulticastAll, 0);
            }
            return new MdnsSocket(socket, link, new IPEndPoint(v6 ? GroupV6 : GroupV4, Port));
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static void SetInt(Socket socket, SocketOptionLevel level, int name, int value) =>
        socket.SetRawSocketOption((int)level, name, BitConverter.GetBytes(value));

    /// <summary>IP(V6)_MULTICAST_ALL=0 only spares us copies meant for other sockets: old kernels lack it.</summary>
    private static void TrySetInt(Socket socket, SocketOptionLevel level, int name, int value)
    {
        try
        {
            SetInt(socket, level, name, value);
        }
        catch (SocketException)
        {
        }
    }

    public async Task SendAsync(byte[] packet, CancellationToken cancel) =>
        await _socket.SendToAsync(packet, SocketFlags.None, _group, cancel).ConfigureAwait(false);

    /// <summary>Waits for the next datagram that arrived on our interface; its length.</summary>
    public async Task<int> ReceiveAsync(byte[] buffer, CancellationToken cancel)
    {
        EndPoint any = new IPEndPoint(Family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (true)
        {
            SocketReceiveMessageFromResult r = await _socket.ReceiveMessageFromAsync(buffer, SocketFlags.None, any, cancel).ConfigureAwait(false);
            if (r.PacketInformation.Interface == Interface.Index)
            {
                return r.ReceivedBytes;
            }
        }
    }

    public void Dispose() => _socket.Dispose();
}
