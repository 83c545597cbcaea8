namespace Mandos.Server.Config;

/// <summary>One client as configured in a <c>clients.conf</c> section.</summary>
public sealed record ClientSettings
{
    /// <summary>The section name; free text, case-sensitive.</summary>
    public required string Name { get; init; }

    /// <summary>SHA-256 of the client's public key as upper-case hex (spaces removed), or "" if not set.</summary>
    public required string KeyId { get; init; }

    /// <summary>OpenPGP fingerprint, normalised like <see cref="KeyId"/>, or "" if not set.</summary>
    public required string Fingerprint { get; init; }

    /// <summary>The bytes sent to the client: decoded <c>secret</c>, or the raw content of <c>secfile</c>.</summary>
    public required byte[] Secret { get; init; }

    /// <summary>Host name or address, used only by the checker.</summary>
    public required string Host { get; init; }

    public required TimeSpan Timeout { get; init; }

    public required TimeSpan ExtendedTimeout { get; init; }

    public required TimeSpan Interval { get; init; }

    public required TimeSpan ApprovalDelay { get; init; }

    public required TimeSpan ApprovalDuration { get; init; }

    public required bool ApprovedByDefault { get; init; }

    public required bool Enabled { get; init; }

    /// <summary>
    /// The checker command after start-time interpolation: <c>%%(host)s</c> in the file is now
    /// <c>%(host)s</c>, to be expanded with the client's attributes each time it runs.
    /// </summary>
    public required string Checker { get; init; }

    /// <summary>
    /// Every option visible in the section (built-in defaults, the file's [DEFAULT], the
    /// section's own), interpolated, in that order. <c>secret</c> is left out so that it
    /// appears nowhere but in <see cref="Secret"/>.
    /// </summary>
    public required IReadOnlyDictionary<string, string> Options { get; init; }

    /// <summary>True if <see cref="KeyId"/> is the SHA-256 of nothing, which must never match.</summary>
    public bool HasForbiddenKeyId => KeyIdNormaliser.IsForbidden(KeyId);

    /// <summary>Whether a presented key ID (upper-case hex, as computed from the peer's key) identifies this client.</summary>
    public bool MatchesKeyId(string keyId) =>
        KeyId.Length > 0 && !HasForbiddenKeyId && string.Equals(KeyId, keyId, StringComparison.Ordinal);

    /// <summary>Whether a presented OpenPGP fingerprint (upper-case hex) identifies this client.</summary>
    public bool MatchesFingerprint(string fingerprint) =>
        Fingerprint.Length > 0 && string.Equals(Fingerprint, fingerprint, StringComparison.Ordinal);
}
