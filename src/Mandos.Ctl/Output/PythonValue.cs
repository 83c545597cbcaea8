using System.Globalization;
using Tmds.DBus.Protocol;

namespace Mandos.Ctl.Output;

/// <summary>D-Bus values as upstream's Python shows them: str() in the table, repr() in debug lines.</summary>
internal static class PythonValue
{
    /// <summary>Python's str(): strings as they are, True/False, integers in decimal.</summary>
    public static string Str(VariantValue value) => value.Type switch
    {
        VariantValueType.String => value.GetString(),
        VariantValueType.ObjectPath => value.GetObjectPathAsString(),
        VariantValueType.Signature => value.GetSignature().ToString(),
        VariantValueType.Bool => value.GetBool() ? "True" : "False",
        VariantValueType.Double => Float(value.GetDouble()),
        _ when TryGetInteger(value, out Int128 n) => n.ToString(CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>Python's repr(): strings quoted.</summary>
    public static string Of(VariantValue value) => value.Type is VariantValueType.String or VariantValueType.ObjectPath
        ? PythonRepr.Of(Str(value))
        : Str(value);

    /// <summary>The value of any D-Bus integer type.</summary>
    public static bool TryGetInteger(VariantValue value, out Int128 number)
    {
        number = value.Type switch
        {
            VariantValueType.Byte => value.GetByte(),
            VariantValueType.Int16 => value.GetInt16(),
            VariantValueType.UInt16 => value.GetUInt16(),
            VariantValueType.Int32 => value.GetInt32(),
            VariantValueType.UInt32 => value.GetUInt32(),
            VariantValueType.Int64 => value.GetInt64(),
            VariantValueType.UInt64 => value.GetUInt64(),
            _ => 0,
        };
        return value.Type is VariantValueType.Byte or VariantValueType.Int16 or VariantValueType.UInt16 or VariantValueType.Int32
            or VariantValueType.UInt32 or VariantValueType.Int64 or VariantValueType.UInt64;
    }

    /// <summary>Python's repr() of a float: shortest round-trip digits, always with a point or exponent.</summary>
    public static string Float(double d)
    {
        if (double.IsNaN(d))
        {
            return "nan";
        }
        if (double.IsInfinity(d))
        {
            return d > 0 ? "inf" : "-inf";
        }
        string r = d.ToString("R", CultureInfo.InvariantCulture);
        if (r.Contains('E'))
        {
            // .NET "1E+20" is Python "1e+20"; Python writes a two-digit exponent at least.
            string[] parts = r.Split('E');
            string sign = parts[1].StartsWith('-') ? "-" : "+";
            string digits = parts[1].TrimStart('+', '-').PadLeft(2, '0');
            return $"{parts[0]}e{sign}{digits}";
        }
        return r.Contains('.') ? r : r + ".0";
    }
}
