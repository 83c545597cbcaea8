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

    public string ToLine() => $"{(Add ? "add" : "delete")} {Address} {InterfaceIndex.ToString(CultureInfo.InvariantCulture)}";

    public static RouteRequest? Parse(string line)
    {
        string[] words = line.Split(' ');
        if (words.Length != 3 || words[0] is not ("add" or "delete")
            || !IPAddress.TryParse(words[1], out IPAddress? address) || address.ScopeId != 0 || words[1].Contains('%')
            || !int.TryParse(words[2], NumberStyles.None, CultureInfo.InvariantCulture, out int index) || index <= 0)
        {
            return null;
        }
        return new RouteRequest(words[0] == "add", address, index);
    }
}
