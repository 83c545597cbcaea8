namespace Mandos.Integration.Tests.Harness;

/// <summary>
/// A <c>_mandos._tcp</c> service an <see cref="AvahiDaemon"/> announces from a file in
/// /etc/avahi/services, for a server that announces nothing itself. <paramref name="Protocol"/>
/// is any, ipv4 or ipv6 (Debian's server announces on IPv6).
/// </summary>
public sealed record StaticService(string Name, int Port, string Protocol = "any")
{
    /// <summary>The service file's text.</summary>
    public string FileText => $"""
        <?xml version="1.0" standalone='no'?>
        <!DOCTYPE service-group SYSTEM "avahi-service.dtd">
        <service-group><name>{Name}</name>
        <service protocol="{Protocol}"><type>_mandos._tcp</type><port>{Port}</port></service>
        </service-group>
        """;
}
