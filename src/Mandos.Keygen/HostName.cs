using System.Net;
using System.Net.Sockets;

namespace Mandos.Keygen;

/// <summary>The default key name: what <c>hostname --fqdn</c> prints, else the plain host name.</summary>
internal static class HostName
{
    public static string FullyQualified()
    {
        string host = Dns.GetHostName();
        try
        {
            string canonical = Dns.GetHostEntry(host).HostName;
            return string.IsNullOrEmpty(canonical) ? host : canonical;
        }
        catch (SocketException)
        {
            return host;
        }
    }
}
