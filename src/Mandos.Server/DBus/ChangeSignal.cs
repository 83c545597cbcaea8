namespace Mandos.Server.DBus;

/// <summary>A property's org.freedesktop.DBus.Property.EmitsChangedSignal annotation.</summary>
public enum ChangeSignal
{
    /// <summary>PropertiesChanged with the new value (and the deprecated PropertyChanged).</summary>
    Value,

    /// <summary>Never changes.</summary>
    Const,

    /// <summary>PropertiesChanged naming it as invalidated, without the value (Secret).</summary>
    Invalidates,
}
