using Tmds.DBus.Protocol;

namespace Mandos.Core.DBus;

/// <summary>
/// One client as the server exports it: its object path and properties of
/// se.recompile.Mandos.Client (all of them when listed, the changed ones in PropertiesChanged).
/// </summary>
public sealed record ClientObject(string Path, IReadOnlyDictionary<string, VariantValue> Properties)
{
    public string Name => Properties.TryGetValue("Name", out VariantValue name) && name.Type == VariantValueType.String
        ? name.GetString()
        : "";

    public bool Enabled => Properties.TryGetValue("Enabled", out VariantValue enabled)
        && enabled.Type == VariantValueType.Bool && enabled.GetBool();
}
