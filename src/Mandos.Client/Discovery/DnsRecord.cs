using System.Net;

namespace Mandos.Client.Discovery;

/// <summary>
/// One resource record, with the data of the types a browser uses decoded: PTR target, SRV
/// target and port, A/AAAA address. Other types keep only their name, type and TTL.
/// </summary>
public sealed record DnsRecord(DnsName Name, DnsRecordType Type, uint Ttl, bool CacheFlush)
{
    public DnsName? Target { get; init; }

    public int Port { get; init; }

    public IPAddress? Address { get; init; }

    /// <summary>TTL 0 is a goodbye: the record is withdrawn.</summary>
    public bool IsGoodbye => Ttl == 0;
}
