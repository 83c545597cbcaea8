using Mandos.Server.Config;
using Mandos.Server.State;

namespace Mandos.Server.Clients;

/// <summary>What a client saves and restores across server restarts (docs/compatibility.md, "State file").</summary>
public sealed partial class ClientRecord
{
    private readonly ClientSettings _applied;
    private readonly byte[] _configSecret;

    /// <summary>The clients.conf settings this client was last configured from (for a removal marker).</summary>
    public ClientSettings AppliedConfig => _applied;

    /// <summary>Takes the state a restart restored: run-time settings, timestamps, enabled or not.</summary>
    public void ApplyRestoredState(ClientState state, byte[] secret)
    {
        lock (_lock)
        {
            Secret = secret;
            Settings = state.Settings;
            LastEnabled = state.LastEnabled;
            Expires = state.Settings.Enabled ? state.Expires : null;
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
                Settings = Settings,
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
