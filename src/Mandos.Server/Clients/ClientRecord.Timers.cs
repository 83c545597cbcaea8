using Mandos.Core.Timing;

namespace Mandos.Server.Clients;

/// <summary>
/// Enabling, disabling, expiry and the checker schedule (docs/compatibility.md, "Timers").
/// Durations may be years long: the timers are <see cref="LongTimer"/>s and instants past the
/// year 9999 stay at <see cref="DateTime.MaxValue"/> (<see cref="SaturatingTime"/>).
/// </summary>
public sealed partial class ClientRecord
{
    private LongTimer? _disableTimer;
    private LongTimer? _checkerTimer;
    private DateTime _checkerDue;

    /// <summary>
    /// At server start: an enabled client's first checker runs after a random delay in
    /// [0, interval], and it expires interval after that (not after timeout: as upstream).
    /// </summary>
    public void Start(Random random)
    {
        lock (_lock)
        {
            if (!Settings.Enabled)
            {
                return;
            }
            TimeSpan delay = TimeSpan.FromMilliseconds(random.NextInt64((long)Settings.Interval.TotalMilliseconds + 1));
            ScheduleLocked(delay);
        }
        Changed();
    }

    public void Enable()
    {
        lock (_lock)
        {
            if (Settings.Enabled)
            {
                return;
            }
            Settings = Settings with { Enabled = true };
            LastEnabled = Now;
            ScheduleLocked(Settings.Interval);
            WakeApprovalWaitersLocked();
        }
        _log.Info($"Client {Name} enabled");
        Changed(enabledChanged: true);
    }

    public void Disable()
    {
        lock (_lock)
        {
            if (!DisableLocked())
            {
                return;
            }
        }
        Changed(enabledChanged: true);
    }

    /// <summary>A successful check: postpones expiry to now + timeout.</summary>
    public void CheckedOk()
    {
        lock (_lock)
        {
            CheckedOkLocked();
        }
        Changed();
    }

    /// <summary>Expiry becomes now + <paramref name="by"/> (if enabled; never re-enables).</summary>
    public void BumpTimeout(TimeSpan by)
    {
        lock (_lock)
        {
            BumpTimeoutLocked(by);
        }
        Changed();
    }

    /// <summary>After the secret went out: give the boot (fsck...) extended_timeout before the next check must succeed.</summary>
    public void SecretSent() => BumpTimeout(Settings.ExtendedTimeout);

    /// <summary>Changing the timeout moves expiry by the difference; past expiry disables now.</summary>
    public void SetTimeout(TimeSpan timeout)
    {
        bool disabled = false;
        lock (_lock)
        {
            TimeSpan old = Settings.Timeout;
            Settings = Settings with { Timeout = timeout };
            if (Settings.Enabled && Expires is DateTime expires)
            {
                DateTime moved = SaturatingTime.Add(expires, timeout - old);
                if (moved <= Now)
                {
                    disabled = DisableLocked();
                }
                else
                {
                    SetExpiryLocked(moved);
                }
            }
        }
        Changed(disabled);
    }

    /// <summary>Changing the interval reschedules the checker and starts one now (as upstream).</summary>
    public void SetInterval(TimeSpan interval)
    {
        lock (_lock)
        {
            Settings = Settings with { Interval = interval };
            if (Settings.Enabled && _checkerTimer is not null)
            {
                _checkerTimer.Change(interval, interval);
                _checkerDue = SaturatingTime.Add(Now, interval);
                StartCheckerLocked();
            }
        }
        Changed();
    }

    private void ScheduleLocked(TimeSpan firstCheckerDelay)
    {
        CancelTimers();
        SetExpiryLocked(SaturatingTime.Add(SaturatingTime.Add(Now, firstCheckerDelay), Settings.Interval));
        _checkerDue = SaturatingTime.Add(Now, firstCheckerDelay);
        _checkerTimer = LongTimer.Start(_time, OnCheckerTimer, firstCheckerDelay, Settings.Interval);
    }

    private void OnCheckerTimer()
    {
        lock (_lock)
        {
            // How late the timer fired: what `make bench` reports for 10,000 clients.
            _log.Debug($"Checker timer for {Name} fired {(Now - _checkerDue).TotalMilliseconds:0} ms late");
            _checkerDue = SaturatingTime.Add(Now, Settings.Interval);
            if (Settings.Enabled)
            {
                StartCheckerLocked();
            }
        }
        Changed();
    }

    private void SetExpiryLocked(DateTime expires)
    {
        Expires = expires;
        TimeSpan due = expires - Now;
        if (_disableTimer is null)
        {
            _disableTimer = LongTimer.Once(_time, OnExpired, due);
        }
        else
        {
            _disableTimer.Change(due, System.Threading.Timeout.InfiniteTimeSpan);
        }
    }

    private void OnExpired()
    {
        lock (_lock)
        {
            if (!Settings.Enabled || Expires is not DateTime expires)
            {
                return;
            }
            if (expires > Now)
            {
                // A bump moved expiry later, or the system timer (millisecond ticks) fired a
                // hair early: wait for the rest.
                SetExpiryLocked(expires);
                return;
            }
            _log.Warning($"Disabling client {Name} after timeout");
            DisableLocked();
        }
        Changed(enabledChanged: true);
    }

    private bool DisableLocked()
    {
        if (!Settings.Enabled)
        {
            return false;
        }
        CancelTimers();
        Expires = null;
        StopCheckerLocked();
        Settings = Settings with { Enabled = false };
        WakeApprovalWaitersLocked();
        return true;
    }

    private void CheckedOkLocked()
    {
        LastCheckedOk = Now;
        LastCheckerStatus = 0;
        LastCheckerSignal = null;
        BumpTimeoutLocked(Settings.Timeout);
    }

    private void BumpTimeoutLocked(TimeSpan by)
    {
        if (Settings.Enabled)
        {
            SetExpiryLocked(SaturatingTime.Add(Now, by));
        }
    }

    private void CancelTimers()
    {
        _disableTimer?.Dispose();
        _disableTimer = null;
        _checkerTimer?.Dispose();
        _checkerTimer = null;
    }
}
