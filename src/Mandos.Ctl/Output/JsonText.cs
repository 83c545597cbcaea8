using System.Globalization;
using System.Text;
using Mandos.Core.DBus;
using Tmds.DBus.Protocol;

namespace Mandos.Ctl.Output;

/// <summary>
/// --dump-json: exactly what upstream's <c>json.dumps(data, indent=4, separators=(",", ": "))</c>
/// prints: an object keyed by client name, each value the 20 fields in table order, four-space
/// indentation, and every character outside printable ASCII escaped as <c>\uXXXX</c> (UTF-16, so
/// an emoji is a surrogate pair), as Python's default ensure_ascii does.
/// </summary>
internal static class JsonText
{
    public static string Format(IReadOnlyList<ClientObject> clients)
    {
        // A name given twice is one key (a Python dict), in the place it first had.
        var byName = new List<(string Name, ClientObject Client)>();
        foreach (ClientObject client in clients)
        {
            int seen = byName.FindIndex(e => e.Name == client.Name);
            if (seen >= 0)
            {
                byName[seen] = (client.Name, client);
            }
            else
            {
                byName.Add((client.Name, client));
            }
        }
        if (byName.Count == 0)
        {
            return "{}\n";
        }
        var json = new StringBuilder("{\n");
        for (int i = 0; i < byName.Count; i++)
        {
            json.Append("    ").Append(Quote(byName[i].Name)).Append(": {\n");
            for (int f = 0; f < ClientFields.All.Count; f++)
            {
                string field = ClientFields.All[f];
                json.Append("        ").Append(Quote(field)).Append(": ")
                    .Append(byName[i].Client.Properties.TryGetValue(field, out VariantValue value) ? Value(value) : "null")
                    .Append(f + 1 < ClientFields.All.Count ? ",\n" : "\n");
            }
            json.Append("    }").Append(i + 1 < byName.Count ? ",\n" : "\n");
        }
        return json.Append("}\n").ToString();
    }

    private static string Value(VariantValue value) => value.Type switch
    {
        VariantValueType.Bool => value.GetBool() ? "true" : "false",
        VariantValueType.String or VariantValueType.ObjectPath or VariantValueType.Signature => Quote(PythonValue.Str(value)),
        VariantValueType.Double => JsonFloat(value.GetDouble()),
        _ when PythonValue.TryGetInteger(value, out Int128 n) => n.ToString(CultureInfo.InvariantCulture),
        _ => Quote(value.ToString()),
    };

    private static string JsonFloat(double d) => double.IsNaN(d) ? "NaN"
        : double.IsInfinity(d) ? (d > 0 ? "Infinity" : "-Infinity")
        : PythonValue.Float(d);

    /// <summary>A JSON string as Python's json module writes it with ensure_ascii.</summary>
    public static string Quote(string text)
    {
        var quoted = new StringBuilder(text.Length + 2).Append('"');
        foreach (char c in text)
        {
            switch (c)
            {
                case '"': quoted.Append("\\\""); break;
                case '\\': quoted.Append("\\\\"); break;
                case '\n': quoted.Append("\\n"); break;
                case '\r': quoted.Append("\\r"); break;
                case '\t': quoted.Append("\\t"); break;
                case '\b': quoted.Append("\\b"); break;
                case '\f': quoted.Append("\\f"); break;
                default:
                    if (c is >= ' ' and <= '~')
                    {
                        quoted.Append(c);
                    }
                    else
                    {
                        quoted.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
                    }
                    break;
            }
        }
        return quoted.Append('"').ToString();
    }
}
