using System.Text;

namespace Mandos.Core.OpenPgp;

/// <summary>What a Mandos client's OpenPGP key looks like: gpg's batch parameters as mandos-keygen sets them.</summary>
public sealed record OpenPgpKeyParameters(string Name)
{
    public string Comment { get; init; } = "";

    public string Email { get; init; } = "";

    public int PrimaryKeyBits { get; init; } = 4096;

    public int SubkeyBits { get; init; } = 4096;

    /// <summary>Time from creation to expiry of both keys; null for never.</summary>
    public TimeSpan? Lifetime { get; init; }

    /// <summary>The user id, <c>NAME (COMMENT) &lt;EMAIL&gt;</c>, leaving out empty parts as gpg does.</summary>
    public string UserId => Describe(Name);

    /// <summary>The armor comment of the exported key files.</summary>
    public string ArmorComment => Describe("Mandos client key for " + Name);

    private string Describe(string head)
    {
        var text = new StringBuilder(head);
        if (Comment.Length > 0)
        {
            text.Append(" (").Append(Comment).Append(')');
        }
        if (Email.Length > 0)
        {
            text.Append(" <").Append(Email).Append('>');
        }
        return text.ToString();
    }
}
