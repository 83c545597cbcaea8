namespace Mandos.Server.DBus;

/// <summary>How a client property may be used over D-Bus.</summary>
public enum PropertyAccess
{
    Read,
    ReadWrite,
    Write,
}
