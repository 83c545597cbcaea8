namespace Mandos.Server.Clients;

/// <summary>
/// Settings an administrator changes at run time (D-Bus property writes, mandos-ctl): each change
/// is made under the client's lock and announced, so it is saved and signalled.
/// </summary>
public sealed partial class ClientRecord
{
    public void SetHost(string host) => Change(() => Settings = Settings with { Host = host });

    /// <summary>Replaces the OpenPGP blob sent to the client; saved sealed, never in plaintext.</summary>
    public void SetSecret(byte[] secret) => Change(() => Secret = secret);

    public void SetExtendedTimeout(TimeSpan extendedTimeout) => Change(() => Settings = Settings with { ExtendedTimeout = extendedTimeout });

    public void SetApprovalDelay(TimeSpan approvalDelay) => Change(() => Settings = Settings with { ApprovalDelay = approvalDelay });

    public void SetApprovalDuration(TimeSpan approvalDuration) => Change(() => Settings = Settings with { ApprovalDuration = approvalDuration });

    public void SetApprovedByDefault(bool approvedByDefault) => Change(() => Settings = Settings with { ApprovedByDefault = approvedByDefault });

    /// <summary>The command the next checker runs; a running checker is left alone (as upstream).</summary>
    public void SetChecker(string command) => Change(() => Settings = Settings with { Checker = command });

    /// <summary>
    /// Upstream's RemoveClient: disable quietly (no events: the client is going away) and stop
    /// every timer and the checker. A connection still waiting for approval is refused.
    /// </summary>
    public void Retire()
    {
        lock (_lock)
        {
            DisableLocked();
        }
        Dispose();
    }

    private void Change(Action edit)
    {
        lock (_lock)
        {
            edit();
        }
        Changed();
    }
}
