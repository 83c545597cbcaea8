using Mandos.Core.Logging;
using Mandos.Server.Checkers;
using Mandos.Server.Config;

namespace Mandos.Server.Clients;

/// <summary>
/// One client the server knows, and its lifecycle (docs/compatibility.md, "Timers" to "Approval"): enabled or not, when
/// it expires, its checker, its approvals. Time comes from a <see cref="TimeProvider"/>, so every
/// timer rule is testable with a fake clock. All state changes happen under one lock per client;
/// <see cref="StateChanged"/> is raised after each, outside the lock.
/// </summary>
public sealed partial class ClientRecord : IDisposable
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly ICheckerLauncher _checkers;
    private readonly Log _log;

    public ClientRecord(ClientSection section, TimeProvider time, ICheckerLauncher checkers, Log log)
    {
        _time = time;
        _checkers = checkers;
        _log = log;
        Name = section.Name;
        Settings = section.Settings;
        Secret = section.Secret;
        Created = Now;
        LastEnabled = Settings.Enabled ? Created : null;
        _applied = section.Settings;
        _configSecret = section.Secret;
    }

    /// <summary>Raised after any change worth saving or announcing.</summary>
    public event Action<ClientRecord>? StateChanged;

    /// <summary>
    /// Raised (before <see cref="StateChanged"/>) when the client was enabled or disabled: a
    /// change that must reach the disk before anything else happens.
    /// </summary>
    public event Action<ClientRecord>? EnabledChanged;

    /// <summary>Raised when a connection waits for approval: (client, delay, approved by default).</summary>
    public event Action<ClientRecord, TimeSpan, bool>? NeedApproval;

    /// <summary>Raised when a connection is refused: (client, reason as upstream's D-Bus Rejected).</summary>
    public event Action<ClientRecord, string>? Rejected;

    public string Name { get; }

    /// <summary>
    /// The settings the client runs with now: its section's, as changed at run time (D-Bus,
    /// mandos-ctl, enabling and disabling). Replaced whole under the lock, so a reader sees one
    /// consistent set.
    /// </summary>
    public ClientSettings Settings { get; private set; }

    /// <summary>The OpenPGP blob sent verbatim after the handshake; never logged.</summary>
    public byte[] Secret { get; private set; }

    public DateTime Created { get; private set; }

    public DateTime? LastEnabled { get; private set; }

    public DateTime? Expires { get; private set; }

    public DateTime? LastCheckedOk { get; private set; }

    /// <summary>-2: no checker completed yet; -1: killed by a signal; else its exit code.</summary>
    public int LastCheckerStatus { get; private set; } = -2;

    public int? LastCheckerSignal { get; private set; }

    public DateTime? LastApprovalRequest { get; private set; }

    /// <summary>null: no decision; true/false: approved/denied, for ApprovalDuration.</summary>
    public bool? Approved { get; private set; }

    public int ApprovalsPending { get; private set; }

    public bool CheckerRunning => _runningChecker is not null;

    /// <summary>Naive UTC, as upstream keeps its timestamps.</summary>
    private DateTime Now => _time.GetUtcNow().UtcDateTime;

    public void Dispose()
    {
        lock (_lock)
        {
            CancelTimers();
            StopCheckerLocked();
            _approvalReset?.Dispose();
        }
    }

    private void Changed(bool enabledChanged = false)
    {
        if (enabledChanged)
        {
            EnabledChanged?.Invoke(this);
        }
        StateChanged?.Invoke(this);
    }
}
