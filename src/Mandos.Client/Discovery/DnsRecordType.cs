using System.Diagnostics.CodeAnalysis;

namespace Mandos.Client.Discovery;

/// <summary>The resource record types a DNS-SD browser needs (RFC 1035, 2782, 3596, 6763).</summary>
public enum DnsRecordType : ushort
{
    A = 1,
    [SuppressMessage("Naming", "CA1720", Justification = "PTR is the record type's name in DNS (RFC 1035), not a .NET type.")]
    Ptr = 12,
    Txt = 16,
    Aaaa = 28,
    Srv = 33,
    Any = 255,
}
