using Mandos.Server.Config;

namespace Mandos.Server.State;

/// <summary>
/// What survives a restart of one client (upstream.md §3.4, §3.6): its current values, which
/// D-Bus may have changed at run time, the <c>clients.conf</c> values they started from, and
/// its timestamps. All timestamps are UTC. The secret appears only encrypted, and only when it
/// differs from the configured one (see <see cref="SecretSealer"/>).
/// </summary>
public sealed record ClientState
{
    public required string Name { get; init; }

    /// <summary>The <c>clients.conf</c> section as applied when this state began; compared at the next start.</summary>
    public required ClientConfigValues Applied { get; init; }

    public required string KeyId { get; init; }

    public required string Fingerprint { get; init; }

    public required string Host { get; init; }

    public required TimeSpan Timeout { get; init; }

    public required TimeSpan ExtendedTimeout { get; init; }

    public required TimeSpan Interval { get; init; }

    public required TimeSpan ApprovalDelay { get; init; }

    public required TimeSpan ApprovalDuration { get; init; }

    public required bool ApprovedByDefault { get; init; }

    public required string Checker { get; init; }

    public required bool Enabled { get; init; }

    public DateTime? LastEnabled { get; init; }

    /// <summary>When the client is disabled unless a checker succeeds first; null while disabled.</summary>
    public DateTime? Expires { get; init; }

    public DateTime? LastCheckedOk { get; init; }

    /// <summary>-2: no checker completed yet; -1: killed by a signal; otherwise the exit code.</summary>
    public int LastCheckerStatus { get; init; } = -2;

    public int? LastCheckerSignal { get; init; }

    public DateTime? LastApprovalRequest { get; init; }

    public required DateTime Created { get; init; }

    /// <summary>The run-time secret sealed with the configured one, or null when they are the same.</summary>
    public byte[]? EncryptedSecret { get; init; }

    /// <summary>A client seen for the first time: everything from its section, created now.</summary>
    public static ClientState Fresh(ClientSettings settings, DateTime now) => new()
    {
        Name = settings.Name,
        Applied = ClientConfigValues.From(settings),
        KeyId = settings.KeyId,
        Fingerprint = settings.Fingerprint,
        Host = settings.Host,
        Timeout = settings.Timeout,
        ExtendedTimeout = settings.ExtendedTimeout,
        Interval = settings.Interval,
        ApprovalDelay = settings.ApprovalDelay,
        ApprovalDuration = settings.ApprovalDuration,
        ApprovedByDefault = settings.ApprovedByDefault,
        Checker = settings.Checker,
        Enabled = settings.Enabled,
        LastEnabled = settings.Enabled ? now : null,
        Created = now,
    };
}
