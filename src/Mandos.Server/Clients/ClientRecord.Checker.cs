using Mandos.Core.Errors;
using Mandos.Server.Checkers;

namespace Mandos.Server.Clients;

/// <summary>The client's checker process (docs/compatibility.md, "Checkers"): at most one at a time.</summary>
public sealed partial class ClientRecord
{
    private IRunningChecker? _runningChecker;

    /// <summary>Raised when a checker starts: (client, expanded command).</summary>
    public event Action<ClientRecord, string>? CheckerStarted;

    /// <summary>Raised when a checker ends on its own: (client, result, command).</summary>
    public event Action<ClientRecord, CheckerResult, string>? CheckerCompleted;

    public void StartChecker()
    {
        lock (_lock)
        {
            StartCheckerLocked();
        }
        Changed();
    }

    public void StopChecker()
    {
        lock (_lock)
        {
            StopCheckerLocked();
        }
        Changed();
    }

    /// <summary>The attributes a checker command may name, Python-formatted as upstream shows them.</summary>
    public IReadOnlyDictionary<string, string> CheckerAttributes()
    {
        Dictionary<string, string> attributes = BaseCheckerAttributes();
        if (BusObjectPath is string path)
        {
            attributes["dbus_object_path"] = path;
        }
        return attributes;
    }

    /// <summary>The client's D-Bus object path while the D-Bus API runs (a checker may name it).</summary>
    public string? BusObjectPath { get; set; }

    private Dictionary<string, string> BaseCheckerAttributes() => new()
    {
        ["approval_delay"] = PythonText.Of(Settings.ApprovalDelay),
        ["approval_duration"] = PythonText.Of(Settings.ApprovalDuration),
        ["created"] = PythonText.Of(Created),
        ["enabled"] = PythonText.Of(Settings.Enabled),
        ["expires"] = PythonText.Of(Expires),
        ["key_id"] = Settings.KeyId,
        ["fingerprint"] = Settings.Fingerprint,
        ["host"] = Settings.Host,
        ["interval"] = PythonText.Of(Settings.Interval),
        ["last_approval_request"] = PythonText.Of(LastApprovalRequest),
        ["last_checked_ok"] = PythonText.Of(LastCheckedOk),
        ["last_enabled"] = PythonText.Of(LastEnabled),
        ["name"] = Name,
        ["timeout"] = PythonText.Of(Settings.Timeout),
    };

    private void StartCheckerLocked()
    {
        if (_runningChecker is not null)
        {
            return; // a slow checker is not killed at the interval, only when disabled
        }
        string command;
        try
        {
            command = CheckerCommand.Expand(Settings.Checker, CheckerAttributes());
        }
        catch (CheckerFormatException e)
        {
            _log.Error($"Could not format checker command for client {Name}: {ErrorText.Of(e)}");
            return;
        }
        IRunningChecker checker;
        try
        {
            checker = _checkers.Start(command);
        }
        catch (Exception e) when (e is IOException or System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            _log.Error($"Could not start checker for client {Name}: {ErrorText.Of(e)}");
            return;
        }
        _runningChecker = checker;
        _log.Debug($"Starting checker for {Name}: {command}");
        CheckerStarted?.Invoke(this, command);
        checker.Completion.ContinueWith(t => OnCheckerDone(checker, t.Result, command),
            CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
    }

    private void OnCheckerDone(IRunningChecker checker, CheckerResult result, string command)
    {
        lock (_lock)
        {
            if (!ReferenceEquals(_runningChecker, checker))
            {
                return; // stopped: upstream reports nothing for a stopped checker
            }
            _runningChecker = null;
            LastCheckerStatus = result.ExitCode;
            LastCheckerSignal = result.Signal;
            if (result.Signal is int signal)
            {
                _log.Warning($"Checker for {Name} crashed? (signal {signal})");
            }
            else if (result.ExitCode == 0)
            {
                _log.Info($"Checker for {Name} succeeded");
                CheckedOkLocked();
            }
            else
            {
                _log.Info($"Checker for {Name} failed");
            }
        }
        CheckerCompleted?.Invoke(this, result, command);
        Changed();
    }

    private void StopCheckerLocked()
    {
        IRunningChecker? checker = _runningChecker;
        _runningChecker = null;
        checker?.Kill();
    }
}
