namespace Mandos.Ctl.Bus;

/// <summary>Where the system bus is: DBUS_SYSTEM_BUS_ADDRESS, else the standard socket (as libdbus decides).</summary>
internal static class SystemBusAddress
{
    public const string Default = "unix:path=/var/run/dbus/system_bus_socket";

    public static string Current()
    {
        string? address = Environment.GetEnvironmentVariable("DBUS_SYSTEM_BUS_ADDRESS");
        return string.IsNullOrEmpty(address) ? Default : address;
    }
}
