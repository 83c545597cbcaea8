using Mandos.Core.Interop;
using Mandos.Server.Config;

namespace Mandos.Server.Zeroconf;

/// <summary>
/// What the server announces, as upstream's does: <c>_mandos._tcp</c> under <c>servicename</c>,
/// the listening port, on the configured interface (else all) and over IPv6 (IPv4 with
/// <c>use_ipv6</c> off), in the default domain, for this host, with no TXT records.
/// </summary>
public sealed record ServiceAnnouncement(string Name, int Port, int InterfaceIndex, int Protocol)
{
    public const string ServiceType = "_mandos._tcp";

    /// <summary>The announcement for <paramref name="settings"/>; a warning when the interface does not exist.</summary>
    public static (ServiceAnnouncement Announcement, string? Warning) For(ServerSettings settings, int port)
    {
        int index = AvahiApi.AnyInterface;
        string? warning = null;
        if (settings.Interface.Length > 0)
        {
            index = (int)Libc.IfNameToIndex(settings.Interface);
            if (index == 0)
            {
                // As the listening socket does when SO_BINDTODEVICE finds no such device.
                index = AvahiApi.AnyInterface;
                warning = $"Zeroconf: no network interface named {settings.Interface}; announcing on all interfaces";
            }
        }
        int protocol = settings.UseIpv6 ? AvahiApi.ProtocolIPv6 : AvahiApi.ProtocolIPv4;
        return (new ServiceAnnouncement(settings.ServiceName, port, index, protocol), warning);
    }
}
