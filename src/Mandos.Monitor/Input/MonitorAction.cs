namespace Mandos.Monitor.Input;

/// <summary>What a key does; the keys are upstream's (docs/compatibility.md, "mandos-monitor").</summary>
public enum MonitorAction
{
    None,
    Quit,
    Redraw,
    Help,
    ToggleLog,
    SwitchPane,
    ToggleWrap,
    ToggleVerbose,
    Up,
    Down,
    PageUp,
    PageDown,

    // On the focused client.
    Enable,
    Disable,
    Approve,
    Deny,
    Remove,
    StartChecker,
    StopChecker,
    CheckedOk,
}
