using System.Globalization;
using System.Net;
using Mandos.Core.CommandLine;

namespace Mandos.Client.Connection;

/// <summary>
/// A server to try: address and port, from <c>--connect</c> or discovery. A discovered server
/// also carries the index of the interface it was seen on (0 when unknown); an IPv6 link-local
/// address carries it as its scope.
/// </summary>
public sealed record ServerAddress(IPAddress Address, int Port, int InterfaceIndex = 0)
{
    /// <summary>
    /// Parses <c>--connect</c> as upstream: split at the last colon; <c>[v6]:port</c> accepted;
    /// a colon left in the address part means IPv6.
    /// </summary>
    public static ServerAddress Parse(string text)
    {
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
        {
            throw new UsageException($"bad --connect value \"{text}\": expected ADDRESS:PORT");
        }
        string host = text[..colon];
        string portText = text[(colon + 1)..];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port > 65535)
        {
            throw new UsageException($"bad port in --connect value \"{text}\"");
        }
        if (!IPAddress.TryParse(host, out IPAddress? address))
        {
            throw new UsageException($"bad address in --connect value \"{text}\"");
        }
        return new ServerAddress(address, port);
    }

    public IPEndPoint EndPoint => new(Address, Port);

    /// <summary>An IPv6 link-local address (fe80::/10) or an IPv4 one (169.254/16).</summary>
    public bool IsLinkLocal => Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
        ? Address.IsIPv6LinkLocal
        : Address.GetAddressBytes() is [169, 254, ..];

    public override string ToString() =>
        Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{Address}]:{Port}" : $"{Address}:{Port}";
}
