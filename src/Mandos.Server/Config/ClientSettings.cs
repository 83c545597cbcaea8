namespace Mandos.Server.Config;

/// <summary>
/// A client's settings: the values of its <c>clients.conf</c> section that it runs with, which
/// D-Bus may change at run time. Declared here once, this one record is what the reader yields,
/// what a <see cref="Clients.ClientRecord"/> runs with, and what the state file saves twice: as
/// last read from the file (to tell an edit from a run-time change at the next start) and as
/// they are now. The secret is not a setting: it never reaches the state file in plaintext.
/// </summary>
public sealed record ClientSettings
{
    /// <summary>SHA-256 of the client's public key as upper-case hex (spaces removed), or "" if not set.</summary>
    public required string KeyId { get; init; }

    /// <summary>OpenPGP fingerprint, normalised like <see cref="KeyId"/>, or "" if not set; shown but never matched on the wire.</summary>
    public required string Fingerprint { get; init; }

    /// <summary>Host name or address, used only by the checker.</summary>
    public required string Host { get; init; }

    public required TimeSpan Timeout { get; init; }

    public required TimeSpan ExtendedTimeout { get; init; }

    public required TimeSpan Interval { get; init; }

    public required TimeSpan ApprovalDelay { get; init; }

    public required TimeSpan ApprovalDuration { get; init; }

    public required bool ApprovedByDefault { get; init; }

    /// <summary>In a section, its <c>enabled</c>; in a running client, whether it is enabled now.</summary>
    public required bool Enabled { get; init; }

    /// <summary>
    /// The checker command after start-time interpolation: <c>%%(host)s</c> in the file is now
    /// <c>%(host)s</c>, to be expanded with the client's attributes each time it runs.
    /// </summary>
    public required string Checker { get; init; }

    /// <summary>True if <see cref="KeyId"/> is the SHA-256 of nothing, which must never match.</summary>
    public bool HasForbiddenKeyId() => KeyIdNormaliser.IsForbidden(KeyId);

    /// <summary>Whether a presented key ID (upper-case hex, as computed from the peer's key) identifies this client.</summary>
    public bool MatchesKeyId(string keyId) =>
        KeyId.Length > 0 && !HasForbiddenKeyId() && string.Equals(KeyId, keyId, StringComparison.Ordinal);

    /// <summary>Whether a presented OpenPGP fingerprint (upper-case hex) identifies this client.</summary>
    public bool MatchesFingerprint(string fingerprint) =>
        Fingerprint.Length > 0 && string.Equals(Fingerprint, fingerprint, StringComparison.Ordinal);

    /// <summary>
    /// These settings, just read from <c>clients.conf</c>, applied over a client's saved ones at a
    /// restart: a value that differs from <paramref name="readBefore"/> (what the file said when
    /// the saved state began) is an edit and wins; an unchanged one keeps <paramref name="current"/>,
    /// what the client's value became at run time.
    /// </summary>
    public ClientSettings EditedOver(ClientSettings readBefore, ClientSettings current) => new()
    {
        // Who the client is comes from clients.conf alone: no run-time change can give a client
        // another key (KeyID and Fingerprint are read-only on D-Bus), so a saved one that differs
        // was not made by a server, and taking it could hand this secret to another machine.
        KeyId = KeyId,
        Fingerprint = Fingerprint,
        Host = Pick(Host, readBefore.Host, current.Host),
        Timeout = Pick(Timeout, readBefore.Timeout, current.Timeout),
        ExtendedTimeout = Pick(ExtendedTimeout, readBefore.ExtendedTimeout, current.ExtendedTimeout),
        Interval = Pick(Interval, readBefore.Interval, current.Interval),
        ApprovalDelay = Pick(ApprovalDelay, readBefore.ApprovalDelay, current.ApprovalDelay),
        ApprovalDuration = Pick(ApprovalDuration, readBefore.ApprovalDuration, current.ApprovalDuration),
        ApprovedByDefault = Pick(ApprovedByDefault, readBefore.ApprovedByDefault, current.ApprovedByDefault),
        Enabled = Pick(Enabled, readBefore.Enabled, current.Enabled),
        Checker = Pick(Checker, readBefore.Checker, current.Checker),
    };

    private static T Pick<T>(T configured, T readBefore, T current) =>
        EqualityComparer<T>.Default.Equals(configured, readBefore) ? current : configured;
}
