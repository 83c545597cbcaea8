using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Mandos.Server.Listener;

/// <summary>
/// Where connections come from, for the per-host limit: an IPv4 address (IPv4-mapped IPv6
/// included), or the /64 prefix of an IPv6 address, since one host can use any address of its
/// subnet. Compared by value; no allocation.
/// </summary>
public readonly record struct ConnectionSource
{
    private readonly ulong _prefix;
    private readonly uint _ipv4;
    private readonly bool _isIpv6;

    private ConnectionSource(ulong prefix, uint ipv4, bool isIpv6) => (_prefix, _ipv4, _isIpv6) = (prefix, ipv4, isIpv6);

    public static ConnectionSource Of(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out int written))
        {
            throw new ArgumentException($"cannot read address {address}", nameof(address));
        }
        return address.AddressFamily == AddressFamily.InterNetwork
            ? new ConnectionSource(0, BinaryPrimitives.ReadUInt32BigEndian(bytes[..written]), isIpv6: false)
            : new ConnectionSource(BinaryPrimitives.ReadUInt64BigEndian(bytes[..8]), 0, isIpv6: true);
    }

    /// <summary>The source of a connected peer; one shared source when the address is unknown.</summary>
    public static ConnectionSource Of(EndPoint? peer) => peer is IPEndPoint ip ? Of(ip.Address) : default;

    /// <summary>"192.0.2.7" or "2001:db8:1:2::/64", for log lines.</summary>
    public override string ToString()
    {
        if (!_isIpv6)
        {
            Span<byte> v4 = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(v4, _ipv4);
            return new IPAddress(v4).ToString();
        }
        Span<byte> v6 = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(v6, _prefix);
        return $"{new IPAddress(v6)}/64";
    }
}
