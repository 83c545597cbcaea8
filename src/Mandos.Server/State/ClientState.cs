using Mandos.Server.Config;

namespace Mandos.Server.State;

/// <summary>
/// What survives a restart of one client (docs/compatibility.md, "State file"): its settings as they are now,
/// which D-Bus may have changed at run time, the <c>clients.conf</c> settings they started from,
/// and its timestamps. All timestamps are UTC. The secret appears only encrypted, and only when it
/// differs from the configured one (see <see cref="SecretSealer"/>).
/// In <c>clients.json</c> the current settings stand beside the rest, not in an object of their
/// own (see <see cref="ClientStateListConverter"/>).
/// </summary>
public sealed record ClientState
{
    public required string Name { get; init; }

    /// <summary>The <c>clients.conf</c> section as applied when this state began; compared at the next start.</summary>
    public required ClientSettings Applied { get; init; }

    /// <summary>The settings the client runs with now.</summary>
    public required ClientSettings Settings { get; init; }

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
    public static ClientState Fresh(ClientSection section, DateTime now) => new()
    {
        Name = section.Name,
        Applied = section.Settings,
        Settings = section.Settings,
        LastEnabled = section.Settings.Enabled ? now : null,
        Created = now,
    };
}
