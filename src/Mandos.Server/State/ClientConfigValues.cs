using Mandos.Server.Config;

namespace Mandos.Server.State;

/// <summary>
/// The values of one <c>clients.conf</c> section that a restart compares with the saved state
/// (upstream.md §3.6): a value that differs from the one applied last time means the
/// administrator edited it, and the edit wins over whatever the client's state became at run
/// time. The secret is left out on purpose: it never reaches the state file in plaintext, and
/// a changed secret shows itself by no longer decrypting the saved one.
/// </summary>
public sealed record ClientConfigValues
{
    public required string KeyId { get; init; }

    public required string Fingerprint { get; init; }

    public required string Host { get; init; }

    public required TimeSpan Timeout { get; init; }

    public required TimeSpan ExtendedTimeout { get; init; }

    public required TimeSpan Interval { get; init; }

    public required TimeSpan ApprovalDelay { get; init; }

    public required TimeSpan ApprovalDuration { get; init; }

    public required bool ApprovedByDefault { get; init; }

    /// <summary>The section's <c>enabled</c>, not whether the client is enabled now.</summary>
    public required bool Enabled { get; init; }

    public required string Checker { get; init; }

    public static ClientConfigValues From(ClientSettings settings) => new()
    {
        KeyId = settings.KeyId,
        Fingerprint = settings.Fingerprint,
        Host = settings.Host,
        Timeout = settings.Timeout,
        ExtendedTimeout = settings.ExtendedTimeout,
        Interval = settings.Interval,
        ApprovalDelay = settings.ApprovalDelay,
        ApprovalDuration = settings.ApprovalDuration,
        ApprovedByDefault = settings.ApprovedByDefault,
        Enabled = settings.Enabled,
        Checker = settings.Checker,
    };
}
