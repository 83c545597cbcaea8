using System.Text;
using Terminal.Gui.Drivers;
using Terminal.Gui.Input;

namespace Mandos.Monitor.Input;

/// <summary>Names a Terminal.Gui key press the way urwid does, so <see cref="MonitorKeyMap"/> reads like upstream's.</summary>
public static class TerminalKeyName
{
    public static string Of(Key key)
    {
        KeyCode bare = key.KeyCode & ~(KeyCode.CtrlMask | KeyCode.AltMask | KeyCode.ShiftMask);
        string? named = bare switch
        {
            KeyCode.Esc => "esc",
            KeyCode.Tab => "tab",
            KeyCode.F1 => "f1",
            KeyCode.CursorUp => "up",
            KeyCode.CursorDown => "down",
            KeyCode.PageUp => "page up",
            KeyCode.PageDown => "page down",
            KeyCode.Enter => "enter",
            _ => null,
        };
        if (named is not null)
        {
            return Prefix(key) + named;
        }
        if (bare is >= KeyCode.A and <= KeyCode.Z && (key.IsCtrl || key.IsAlt))
        {
            return Prefix(key) + char.ToLowerInvariant((char)bare);
        }
        Rune rune = key.AsRune;
        return rune.Value == 0 ? "" : rune.ToString();
    }

    private static string Prefix(Key key) => (key.IsCtrl ? "ctrl " : "") + (key.IsAlt ? "meta " : "") + (key.IsShift ? "shift " : "");
}
