namespace Mandos.Core.DBus;

/// <summary>
/// Where the system bus is, for mandos-ctl and mandos-monitor: DBUS_SYSTEM_BUS_ADDRESS, else the
/// standard socket (as libdbus decides).
/// </summary>
public static class SystemBusAddress
{
    public const string Default = "unix:path=/var/run/dbus/system_bus_socket";

    public static string Current()
    {
        string? address = Environment.GetEnvironmentVariable("DBUS_SYSTEM_BUS_ADDRESS");
        return string.IsNullOrEmpty(address) ? Default : address;
    }
}
