using Tmds.DBus.Protocol;

namespace Mandos.Monitor.DBus;

/// <summary>Reads the server's <c>a{sv}</c> property dictionaries into plain .NET values.</summary>
public static class PropertyReader
{
    public static Dictionary<string, object> ReadProperties(ref Reader reader)
    {
        var properties = new Dictionary<string, object>(StringComparer.Ordinal);
        ArrayEnd end = reader.ReadDictionaryStart();
        while (reader.HasNext(end))
        {
            string name = reader.ReadString();
            VariantValue value = reader.ReadVariantValue();
            if (ToObject(value) is object converted)
            {
                properties[name] = converted;
            }
        }
        return properties;
    }

    /// <summary>The client properties' types (t, b, s, n, o, x, i, u); null for anything else.</summary>
    public static object? ToObject(VariantValue value) => value.Type switch
    {
        VariantValueType.Bool => value.GetBool(),
        VariantValueType.UInt64 => value.GetUInt64(),
        VariantValueType.Int64 => value.GetInt64(),
        VariantValueType.Int32 => value.GetInt32(),
        VariantValueType.UInt32 => value.GetUInt32(),
        VariantValueType.Int16 => value.GetInt16(),
        VariantValueType.String => value.GetString(),
        VariantValueType.ObjectPath => value.GetObjectPathAsString(),
        _ => null,
    };
}
