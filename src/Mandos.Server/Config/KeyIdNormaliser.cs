using Mandos.Core.Protocol;

namespace Mandos.Server.Config;

/// <summary>
/// How <c>key_id</c> and <c>fingerprint</c> values from clients.conf are compared with what
/// a connecting client presents.
/// </summary>
public static class KeyIdNormaliser
{
    /// <summary>
    /// SHA-256 of the empty string, which buggy 1.8.0 clients reported as their key ID. Any
    /// client could present it, so it must never identify one.
    /// </summary>
    public const string EmptyInputKeyId = KeyId.OfEmptyKey;

    /// <summary>
    /// Upper-cases and removes space characters, as upstream does. Tabs, colons and other
    /// separators are kept, so such a value simply never matches.
    /// </summary>
    public static string Normalise(string value) => value.ToUpperInvariant().Replace(" ", "", StringComparison.Ordinal);

    /// <summary>True for a key ID that must never be matched to any client.</summary>
    public static bool IsForbidden(string normalisedKeyId) =>
        string.Equals(normalisedKeyId, EmptyInputKeyId, StringComparison.Ordinal);
}
