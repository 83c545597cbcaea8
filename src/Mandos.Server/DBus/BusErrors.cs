namespace Mandos.Server.DBus;

/// <summary>
/// Error names callers see. The property and RemoveClient errors keep upstream's Python-derived
/// names (measured against Debian's server), so scripts that match on them keep working.
/// </summary>
public static class BusErrors
{
    public const string PropertyAccess = "org.freedesktop.DBus.Python.DBusPropertyAccessException";

    public const string PropertyNotFound = "org.freedesktop.DBus.Python.DBusPropertyNotFound";

    public const string NoSuchClient = "org.freedesktop.DBus.Python.KeyError";

    public const string InvalidArgs = "org.freedesktop.DBus.Error.InvalidArgs";

    public const string UnknownObject = "org.freedesktop.DBus.Error.UnknownObject";
}
