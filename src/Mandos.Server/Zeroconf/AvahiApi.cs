namespace Mandos.Server.Zeroconf;

/// <summary>
/// The parts of the Avahi daemon's D-Bus API (avahi-daemon 0.6 and later) that announcing a
/// service needs: names, constants of avahi-common/defs.h, and the error names the server handles.
/// </summary>
public static class AvahiApi
{
    public const string BusName = "org.freedesktop.Avahi";

    public const string ServerPath = "/";

    public const string ServerInterface = "org.freedesktop.Avahi.Server";

    public const string EntryGroupInterface = "org.freedesktop.Avahi.EntryGroup";

    /// <summary>AVAHI_IF_UNSPEC: every interface.</summary>
    public const int AnyInterface = -1;

    /// <summary>AVAHI_PROTO_INET.</summary>
    public const int ProtocolIPv4 = 0;

    /// <summary>AVAHI_PROTO_INET6.</summary>
    public const int ProtocolIPv6 = 1;

    /// <summary>AddService's reply when the name is taken on this host (another local entry group).</summary>
    public const string CollisionError = "org.freedesktop.Avahi.CollisionError";
}
