using Tmds.DBus.Protocol;

namespace Mandos.Server.DBus;

/// <summary>
/// A property value in its D-Bus form: what is sent, and what a change is
/// judged by (a change signal fires only when this form changes).
/// </summary>
public readonly record struct BusValue(string Signature, object Value)
{
    public static BusValue Of(bool value) => new("b", value);

    public static BusValue Of(string value) => new("s", value);

    public static BusValue Of(short value) => new("n", value);

    /// <summary>A duration, as upstream sends it: whole milliseconds (t).</summary>
    public static BusValue Of(TimeSpan value) => new("t", (ulong)Math.Max(0, value.Ticks / TimeSpan.TicksPerMillisecond));

    /// <summary>A timestamp (s): <see cref="BusTime.Format"/>, "" for none.</summary>
    public static BusValue Of(DateTime? value) => new("s", BusTime.Format(value));

    public static BusValue Path(string path) => new("o", path);

    public void WriteVariant(ref MessageWriter writer)
    {
        switch (Value)
        {
            case bool b:
                writer.WriteVariantBool(b);
                break;
            case short n:
                writer.WriteVariantInt16(n);
                break;
            case ulong t:
                writer.WriteVariantUInt64(t);
                break;
            case string s when Signature == "o":
                writer.WriteVariantObjectPath(s);
                break;
            case string s:
                writer.WriteVariantString(s);
                break;
            default:
                throw new InvalidOperationException($"no D-Bus form for {Value.GetType()}");
        }
    }
}
