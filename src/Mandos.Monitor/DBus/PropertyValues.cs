using Tmds.DBus.Protocol;

namespace Mandos.Monitor.DBus;

/// <summary>Turns the server's client properties into the plain .NET values the monitor caches.</summary>
public static class PropertyValues
{
    /// <summary>Each property whose type <see cref="ToObject"/> knows; the others are left out.</summary>
    public static Dictionary<string, object> ToObjects(IReadOnlyDictionary<string, VariantValue> properties)
    {
        var converted = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach ((string name, VariantValue value) in properties)
        {
            if (ToObject(value) is object plain)
            {
                converted[name] = plain;
            }
        }
        return converted;
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
