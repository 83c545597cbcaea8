using Mandos.Monitor.DBus;
using Mandos.Monitor.Events;
using Mandos.Monitor.Input;
using Terminal.Gui.App;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace Mandos.Monitor.Ui;

/// <summary>The whole-screen session: takes every key itself (upstream's map, not Terminal.Gui's) and ticks the countdowns.</summary>
public sealed class MonitorWindow : Runnable
{
    private readonly MonitorSession _session;
    private readonly MonitorScreen _screen;

    public MonitorWindow(MonitorSession session, bool unicode)
    {
        _session = session;
        Width = Dim.Fill();
        Height = Dim.Fill();
        BorderStyle = Terminal.Gui.Drawing.LineStyle.None;
        _screen = new MonitorScreen(session, unicode) { Width = Dim.Fill(), Height = Dim.Fill() };
        Add(_screen);
        session.ClientsChanged += _screen.SetNeedsDraw;
        session.Log.Added += _screen.SetNeedsDraw;
    }

    /// <summary>Set once connected to the bus; until then client keys do nothing.</summary>
    public MandosServerLink? Link { get; set; }

    /// <summary>Redraws every second while any countdown is shown.</summary>
    public bool Tick()
    {
        if (_session.Clients.Sorted.Any(Status.ClientStatusText.IsCountingDown))
        {
            _screen.SetNeedsDraw();
        }
        return true;
    }

    /// <summary>The user asked to quit (before the main loop is told to stop).</summary>
    public event Action? Quitting;

    protected override bool OnKeyDown(Key key)
    {
        MonitorAction action = MonitorKeyMap.For(TerminalKeyName.Of(key));
        Perform(action);
        // Everything is ours: Terminal.Gui's own bindings (Esc quits, TAB moves focus) must not act.
        return true;
    }

    private void Perform(MonitorAction action)
    {
        switch (action)
        {
            case MonitorAction.Quit:
                Quitting?.Invoke();
                App?.RequestStop();
                break;
            case MonitorAction.Redraw:
                App?.LayoutAndDraw(true);
                break;
            case MonitorAction.Help:
                _screen.LogVisible = true;
                _session.Log.WriteBold(MonitorMessages.GlobalKeysHelp);
                _session.Log.WriteBold(MonitorMessages.ClientKeysHelp);
                break;
            case MonitorAction.ToggleLog:
                _screen.LogVisible = !_screen.LogVisible;
                _screen.LogFocused &= _screen.LogVisible;
                _session.Log.Write(MonitorMessages.LogVisibility(_screen.LogVisible));
                break;
            case MonitorAction.SwitchPane:
                _screen.LogFocused = _screen.LogVisible && !_screen.LogFocused;
                break;
            case MonitorAction.ToggleWrap:
                _screen.WrapLog = !_screen.WrapLog;
                _session.Log.Write(MonitorMessages.WrapMode(_screen.WrapLog));
                break;
            case MonitorAction.ToggleVerbose:
                _session.Log.ToggleVerbose();
                break;
            case MonitorAction.Up:
                _screen.MoveFocus(-1, page: false);
                break;
            case MonitorAction.Down:
                _screen.MoveFocus(1, page: false);
                break;
            case MonitorAction.PageUp:
                _screen.MoveFocus(-1, page: true);
                break;
            case MonitorAction.PageDown:
                _screen.MoveFocus(1, page: true);
                break;
            default:
                if (MonitorKeyMap.IsClientAction(action) && _screen.FocusedClient is { } client && Link is { } link)
                {
                    Command(link, client.ObjectPath, action);
                }
                break;
        }
        _screen.SetNeedsDraw();
    }

    private static void Command(MandosServerLink link, string path, MonitorAction action)
    {
        switch (action)
        {
            case MonitorAction.Enable: link.SetEnabled(path, true); break;
            case MonitorAction.Disable: link.SetEnabled(path, false); break;
            case MonitorAction.Approve: link.Approve(path, true); break;
            case MonitorAction.Deny: link.Approve(path, false); break;
            case MonitorAction.Remove: link.Remove(path); break;
            case MonitorAction.StartChecker: link.SetCheckerRunning(path, true); break;
            case MonitorAction.StopChecker: link.SetCheckerRunning(path, false); break;
            case MonitorAction.CheckedOk: link.CheckedOk(path); break;
        }
    }
}
