namespace Mandos.Monitor.Ui;

/// <summary>urwid's text layouts: "space" (client lines), "any" and "clip" (log lines).</summary>
public static class TextWrapping
{
    /// <summary>Breaks anywhere at the width.</summary>
    public static IReadOnlyList<string> Any(string text, int width)
    {
        if (width <= 0 || text.Length <= width)
        {
            return [text];
        }
        var rows = new List<string>();
        for (int i = 0; i < text.Length; i += width)
        {
            rows.Add(text.Substring(i, Math.Min(width, text.Length - i)));
        }
        return rows;
    }

    /// <summary>Breaks at spaces where it can, inside a word too long for a row.</summary>
    public static IReadOnlyList<string> Words(string text, int width)
    {
        if (width <= 0 || text.Length <= width)
        {
            return [text];
        }
        var rows = new List<string>();
        string rest = text;
        while (rest.Length > width)
        {
            int cut = rest.LastIndexOf(' ', width);
            if (cut <= 0)
            {
                rows.Add(rest[..width]);
                rest = rest[width..];
            }
            else
            {
                rows.Add(rest[..cut]);
                rest = rest[(cut + 1)..];
            }
        }
        rows.Add(rest);
        return rows;
    }

    public static IReadOnlyList<string> Clip(string text, int width) => [width > 0 && text.Length > width ? text[..width] : text];
}
