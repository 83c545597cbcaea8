using Mandos.Monitor.Clients;
using Mandos.Monitor.Events;
using Mandos.Monitor.Status;
using Terminal.Gui.Drawing;
using Terminal.Gui.ViewBase;
using TextAttribute = Terminal.Gui.Drawing.Attribute;

namespace Mandos.Monitor.Ui;

/// <summary>
/// Draws upstream's screen: the clients (the focused one in standout), the divider and the log,
/// and keeps the focus and scroll positions of both panes.
/// </summary>
public sealed class MonitorScreen : View
{
    private static readonly TextAttribute Normal = new(Color.None, Color.None, TextStyle.None);
    private static readonly TextAttribute Bold = new(Color.None, Color.None, TextStyle.Bold);
    private static readonly TextAttribute Standout = new(Color.None, Color.None, TextStyle.Reverse);
    private readonly MonitorSession _session;
    private readonly string _divider;
    private int _clientFocus;
    private int _clientTop;
    private int? _logFocus;

    public MonitorScreen(MonitorSession session, bool unicode)
    {
        _session = session;
        _divider = unicode ? "\u2500" : "_";
        _session.Log.Added += () => _logFocus = null;
    }

    public bool LogVisible { get; set; } = true;

    /// <summary>Which pane TAB put the keyboard focus on.</summary>
    public bool LogFocused { get; set; }

    /// <summary>"any" (true) or "clip" (false).</summary>
    public bool WrapLog { get; set; } = true;

    /// <summary>The client the keys act on, if the client pane has the focus.</summary>
    public MonitoredClient? FocusedClient
    {
        get
        {
            IReadOnlyList<MonitoredClient> clients = _session.Clients.Sorted;
            return LogFocused || clients.Count == 0 ? null : clients[Math.Clamp(_clientFocus, 0, clients.Count - 1)];
        }
    }

    private PaneLayout Panes => PaneLayout.For(Viewport.Height, LogVisible);

    /// <summary>Moves the focus in the focused pane by <paramref name="delta"/> lines (a page is the pane's height).</summary>
    public void MoveFocus(int delta, bool page)
    {
        if (LogFocused && LogVisible)
        {
            int last = _session.Log.Lines.Count - 1;
            int step = page ? Math.Max(Panes.LogRows - 1, 1) * Math.Sign(delta) : delta;
            _logFocus = Math.Clamp((_logFocus ?? last) + step, 0, Math.Max(last, 0));
            if (_logFocus == last)
            {
                _logFocus = null;
            }
        }
        else
        {
            int step = page ? Math.Max(Panes.ClientRows - 1, 1) * Math.Sign(delta) : delta;
            _clientFocus = Math.Clamp(_clientFocus + step, 0, Math.Max(_session.Clients.Sorted.Count - 1, 0));
        }
        SetNeedsDraw();
    }

    protected override bool OnDrawingContent(DrawContext? context)
    {
        int width = Viewport.Width;
        PaneLayout layout = Panes;
        DrawClients(width, layout.ClientRows);
        SetAttribute(Normal);
        AddStr(0, layout.DividerRow, string.Concat(Enumerable.Repeat(_divider, width)));
        if (LogVisible)
        {
            DrawLog(width, layout.LogTop, layout.LogRows);
        }
        return true;
    }

    private void DrawClients(int width, int rows)
    {
        IReadOnlyList<MonitoredClient> clients = _session.Clients.Sorted;
        _clientFocus = Math.Clamp(_clientFocus, 0, Math.Max(clients.Count - 1, 0));
        DateTime now = _session.Time.GetUtcNow().UtcDateTime;
        var lines = clients.Select(c => TextWrapping.Words(ClientStatusText.For(c, now), width)).ToList();
        // Scroll so that the focused client is wholly visible.
        _clientTop = Math.Min(_clientTop, _clientFocus);
        while (_clientTop < _clientFocus && lines.Skip(_clientTop).Take(_clientFocus - _clientTop + 1).Sum(l => l.Count) > rows)
        {
            _clientTop++;
        }
        int row = 0;
        for (int i = _clientTop; i < lines.Count && row < rows; i++)
        {
            SetAttribute(i == _clientFocus && !LogFocused ? Standout : Normal);
            foreach (string part in lines[i])
            {
                if (row >= rows)
                {
                    break;
                }
                AddStr(0, row++, part.PadRight(width));
            }
        }
        SetAttribute(Normal);
        for (; row < rows; row++)
        {
            AddStr(0, row, new string(' ', width));
        }
    }

    private void DrawLog(int width, int top, int rows)
    {
        IReadOnlyList<LogLine> lines = _session.Log.Lines;
        int focus = Math.Min(_logFocus ?? lines.Count - 1, lines.Count - 1);
        // The focused line (the newest unless scrolled) is the last one shown.
        var shown = new List<(string Text, bool Bold)>();
        for (int i = focus; i >= 0 && shown.Count < rows; i--)
        {
            IReadOnlyList<string> parts = WrapLog ? TextWrapping.Any(lines[i].Text, width) : TextWrapping.Clip(lines[i].Text, width);
            shown.InsertRange(0, parts.Select(p => (p, lines[i].Bold)));
        }
        if (shown.Count > rows)
        {
            shown.RemoveRange(0, shown.Count - rows);
        }
        for (int row = 0; row < rows; row++)
        {
            (string text, bool bold) = row < shown.Count ? shown[row] : ("", false);
            SetAttribute(bold ? Bold : Normal);
            AddStr(0, top + row, text);
            SetAttribute(Normal);
            AddStr(text.Length, top + row, new string(' ', Math.Max(width - text.Length, 0)));
        }
    }
}
