using Mandos.Core.Timing;

namespace Mandos.Server.Clients;

/// <summary>Approval of a secret request (docs/compatibility.md, "Approval"), per connection.</summary>
public sealed partial class ClientRecord
{
    private LongTimer? _approvalReset;
    private TaskCompletionSource _approvalWake = NewWake();

    /// <summary>
    /// Decides whether this connection gets the secret, waiting up to approval_delay for an
    /// Approve or Deny. Differs from upstream in one way: a client disabled while a connection
    /// waits is refused ("Disabled"), where upstream would still send with approved_by_default.
    /// </summary>
    public async Task<ApprovalOutcome> RequestSecretAsync(CancellationToken cancel)
    {
        TimeSpan delay;
        bool pending;
        lock (_lock)
        {
            delay = Settings.ApprovalDelay;
            pending = delay > TimeSpan.Zero;
            if (pending)
            {
                ApprovalsPending++;
            }
        }
        if (pending)
        {
            Changed();
        }
        try
        {
            return await DecideAsync(delay, cancel).ConfigureAwait(false);
        }
        finally
        {
            if (pending)
            {
                lock (_lock)
                {
                    ApprovalsPending--;
                }
                Changed();
            }
        }
    }

    /// <summary>Approve (true) or deny (false) every connection of this client for approval_duration.</summary>
    public void Approve(bool approve)
    {
        lock (_lock)
        {
            Approved = approve;
            _approvalReset?.Dispose();
            _approvalReset = LongTimer.Once(_time, ResetApproval, Settings.ApprovalDuration);
            WakeApprovalWaitersLocked();
        }
        Changed();
    }

    private async Task<ApprovalOutcome> DecideAsync(TimeSpan delay, CancellationToken cancel)
    {
        while (true)
        {
            Task wake;
            lock (_lock)
            {
                ApprovalOutcome? now = DecideNowLocked();
                if (now is not null)
                {
                    return Report(now);
                }
                wake = _approvalWake.Task;
            }
            DateTimeOffset start = _time.GetUtcNow();
            using (var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancel))
            {
                Task timeout = LongDelay.Wait(delay, _time, waiting.Token);
                await Task.WhenAny(wake, timeout).ConfigureAwait(false);
                waiting.Cancel(); // drop the timer when woken early
            }
            cancel.ThrowIfCancellationRequested();
            TimeSpan elapsed = _time.GetUtcNow() - start;
            if (elapsed >= delay)
            {
                lock (_lock)
                {
                    return Report(!Settings.Enabled ? ApprovalOutcome.Disabled
                        : Settings.ApprovedByDefault ? ApprovalOutcome.Send
                        : ApprovalOutcome.TimedOut);
                }
            }
            delay -= elapsed;
        }
    }

    // One pass of upstream's loop; null means "wait".
    private ApprovalOutcome? DecideNowLocked()
    {
        if (!Settings.Enabled)
        {
            return ApprovalOutcome.Disabled;
        }
        if (Approved == true || Settings.ApprovalDelay == TimeSpan.Zero)
        {
            return ApprovalOutcome.Send;
        }
        if (Approved == false)
        {
            return ApprovalOutcome.Denied;
        }
        LastApprovalRequest = Now;
        _log.Info($"Client {Name} needs approval");
        NeedApproval?.Invoke(this, Settings.ApprovalDelay, Settings.ApprovedByDefault);
        return null;
    }

    private ApprovalOutcome Report(ApprovalOutcome outcome)
    {
        if (outcome.RejectionReason is string reason)
        {
            if (outcome == ApprovalOutcome.Disabled)
            {
                _log.Info($"Client {Name} is disabled");
            }
            else
            {
                _log.Warning(outcome == ApprovalOutcome.Denied
                    ? $"Client {Name} was not approved"
                    : $"Client {Name} timed out while waiting for approval");
            }
            Rejected?.Invoke(this, reason);
        }
        return outcome;
    }

    private void ResetApproval()
    {
        lock (_lock)
        {
            Approved = null;
        }
        Changed();
    }

    private void WakeApprovalWaitersLocked()
    {
        _approvalWake.TrySetResult();
        _approvalWake = NewWake();
    }

    private static TaskCompletionSource NewWake() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
