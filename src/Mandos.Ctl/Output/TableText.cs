using System.Text;
using Mandos.Core.DBus;
using Tmds.DBus.Protocol;

namespace Mandos.Ctl.Output;

/// <summary>
/// The client table: a header line, then a line per client; each column left-aligned and padded
/// (trailing padding included) to its widest cell, counted in characters as Python counts them
/// (code points, so an emoji is one); columns separated by one space.
/// </summary>
internal static class TableText
{
    public static string Format(IReadOnlyList<ClientObject> clients, bool verbose)
    {
        IReadOnlyList<string> fields = verbose ? ClientFields.All : ClientFields.Default;
        var cells = clients.Select(c => fields.Select(f => Cell(c, f)).ToArray()).ToList();
        int[] widths = fields.Select((f, i) => cells.Select(row => Width(row[i])).Append(Width(ClientFields.Header(f))).Max()).ToArray();
        var text = new StringBuilder();
        AppendRow(text, fields.Select(ClientFields.Header).ToArray(), widths);
        foreach (string[] row in cells)
        {
            AppendRow(text, row, widths);
        }
        return text.ToString();
    }

    /// <summary>One value as the table shows it.</summary>
    public static string Cell(ClientObject client, string field)
    {
        if (!client.Properties.TryGetValue(field, out VariantValue value))
        {
            return "";
        }
        if (value.Type == VariantValueType.Bool)
        {
            return value.GetBool() ? "Yes" : "No";
        }
        if (ClientFields.Durations.Contains(field) && PythonValue.TryGetInteger(value, out Int128 milliseconds))
        {
            return DurationText.FromMilliseconds(milliseconds);
        }
        return PythonValue.Str(value);
    }

    private static void AppendRow(StringBuilder text, string[] row, int[] widths)
    {
        for (int i = 0; i < row.Length; i++)
        {
            if (i > 0)
            {
                text.Append(' ');
            }
            text.Append(row[i]).Append(' ', Math.Max(0, widths[i] - Width(row[i])));
        }
        text.Append('\n');
    }

    private static int Width(string cell)
    {
        int width = 0;
        foreach (Rune _ in cell.EnumerateRunes())
        {
            width++;
        }
        return width;
    }
}
