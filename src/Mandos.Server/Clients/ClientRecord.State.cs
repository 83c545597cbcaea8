using Mandos.Server.Config;
using Mandos.Server.State;

namespace Mandos.Server.Clients;

/// <summary>What a client saves and restores across server restarts (upstream.md §3.6).</summary>
public sealed partial class ClientRecord
{
    private ClientConfigValues _applied = null!;
    private byte[] _configSecret = [];

    /// <summary>The clients.conf values this client was last configured from (for a removal marker).</summary>
    public ClientConfigValues AppliedConfig => _applied;

    private void RememberConfig(ClientSettings settings)
    {
        _applied = ClientConfigValues.From(settings);
        _configSecret = settings.Secret;
    }

    /// <summary>Takes the state a restart restored: run-time settings, timestamps, enabled or not.</summary>
    public void ApplyRestoredState(ClientState state, byte[] secret)
    {
        lock (_lock)
        {
            Secret = secret;
            Host = state.Host;
            Timeout = state.Timeout;
            ExtendedTimeout = state.ExtendedTimeout;
            Interval = state.Interval;
            ApprovalDelay = state.ApprovalDelay;
            ApprovalDuration = state.ApprovalDuration;
            ApprovedByDefault = state.ApprovedByDefault;
            CheckerCommandTemplate = state.Checker;
            Enabled = state.Enabled;
            LastEnabled = state.LastEnabled;
            Expires = state.Enabled ? state.Expires : null;
            LastCheckedOk = state.LastCheckedOk;
            LastCheckerStatus = state.LastCheckerStatus;
            LastCheckerSignal = state.LastCheckerSignal;
            LastApprovalRequest = state.LastApprovalRequest;
            Created = state.Created;
        }
    }

    /// <summary>The state to save now; a secret changed at run time is sealed, never written plain.</summary>
    public ClientState Snapshot()
    {
        lock (_lock)
        {
            return new ClientState
            {
                Name = Name,
                Applied = _applied,
                KeyId = KeyId ?? "",
                Fingerprint = Fingerprint ?? "",
                Host = Host,
                Timeout = Timeout,
                ExtendedTimeout = ExtendedTimeout,
                Interval = Interval,
                ApprovalDelay = ApprovalDelay,
                ApprovalDuration = ApprovalDuration,
                ApprovedByDefault = ApprovedByDefault,
                Checker = CheckerCommandTemplate,
                Enabled = Enabled,
                LastEnabled = LastEnabled,
                Expires = Expires,
                LastCheckedOk = LastCheckedOk,
                LastCheckerStatus = LastCheckerStatus,
                LastCheckerSignal = LastCheckerSignal,
                LastApprovalRequest = LastApprovalRequest,
                Created = Created,
                EncryptedSecret = SecretSealer.SealIfChanged(Name, Secret, _configSecret),
            };
        }
    }
}
