using System.Globalization;
using System.Net;

namespace Mandos.Client.Separation;

/// <summary>
/// What the network side may ask of the root side: one temporary on-link route, added or
/// deleted, as one line <c>add|delete ADDRESS INTERFACE-INDEX</c>. The root side trusts nothing
/// else from the network side; anything that does not parse is refused.
/// </summary>
public sealed record RouteRequest(bool Add, IPAddress Address, int InterfaceIndex)
{
    /// <summary>The longest line the root side reads.</summary>
    public const int MaxLineLength = 128;

    public const string Done = "ok";
    public const string Failed = "failed";

    /// <summary>A single host's address: not unspecified, loopback, multicast or IPv4 broadcast.</summary>
    public bool IsForUnicastAddress
    {
        get
        {
            byte[] bytes = Address.GetAddressBytes();
            return !IPAddress.IsLoopback(Address) && !Address.Equals(IPAddress.Any) && !Address.Equals(IPAddress.IPv6Any)
                && !Address.Equals(IPAddress.Broadcast) && !Address.IsIPv6Multicast && !Address.IsIPv4MappedToIPv6
                && !(Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && bytes[0] >= 224);
        }
    }

    public string ToLine() => $"{(Add ? "add" : "delete")} {Address} {InterfaceIndex.ToString(CultureInfo.InvariantCulture)}";

    public static RouteRequest? Parse(string line)
    {
        string[] words = line.Split(' ');
        if (words.Length != 3 || words[0] is not ("add" or "delete")
            || words[1].Contains('%') || !IPAddress.TryParse(words[1], out IPAddress? address)
            || !int.TryParse(words[2], NumberStyles.None, CultureInfo.InvariantCulture, out int index) || index <= 0)
        {
            return null;
        }
        return new RouteRequest(words[0] == "add", address, index);
    }
}
