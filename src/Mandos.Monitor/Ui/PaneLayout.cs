namespace Mandos.Monitor.Ui;

/// <summary>
/// Where the panes go on a screen of <c>rows</c> lines, as urwid's Pile shares it between two
/// equally weighted boxes: the clients (with the divider as their last line) get the rounded-up
/// half, the log the rest; without the log, the clients get everything.
/// </summary>
public readonly record struct PaneLayout(int ClientRows, int DividerRow, int LogTop, int LogRows)
{
    public static PaneLayout For(int rows, bool logVisible)
    {
        rows = Math.Max(rows, 1);
        int upper = logVisible ? (rows + 1) / 2 : rows;
        return new PaneLayout(Math.Max(upper - 1, 0), upper - 1, upper, rows - upper);
    }
}
