namespace Mandos.Monitor.Input;

/// <summary>
/// Upstream's key map, by urwid's key names ("q", "ctrl l", "meta v", "page down", "f1"):
/// Emacs, less and vi navigation keys translate to the arrow and page keys first.
/// </summary>
public static class MonitorKeyMap
{
    public static MonitorAction For(string key) => key switch
    {
        "q" or "Q" => MonitorAction.Quit,
        "ctrl l" => MonitorAction.Redraw,
        "?" or "f1" or "esc" => MonitorAction.Help,
        "l" or "D" => MonitorAction.ToggleLog,
        "tab" => MonitorAction.SwitchPane,
        "w" or "i" => MonitorAction.ToggleWrap,
        "v" => MonitorAction.ToggleVerbose,
        "up" or "ctrl p" or "k" => MonitorAction.Up,
        "down" or "ctrl n" or "j" => MonitorAction.Down,
        "page up" or "meta v" or "b" => MonitorAction.PageUp,
        "page down" or "ctrl v" or " " or "f" => MonitorAction.PageDown,
        "+" => MonitorAction.Enable,
        "-" => MonitorAction.Disable,
        "a" => MonitorAction.Approve,
        "d" => MonitorAction.Deny,
        "R" or "_" or "ctrl k" => MonitorAction.Remove,
        "s" => MonitorAction.StartChecker,
        "S" => MonitorAction.StopChecker,
        "C" => MonitorAction.CheckedOk,
        _ => MonitorAction.None,
    };

    /// <summary>True for the actions that work on the focused client.</summary>
    public static bool IsClientAction(MonitorAction action) => action >= MonitorAction.Enable;
}
