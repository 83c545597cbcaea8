namespace Mandos.Client.Discovery;

/// <summary>One question of a DNS message; class IN is implied.</summary>
public sealed record DnsQuestion(DnsName Name, DnsRecordType Type);
