namespace Mandos.Client.Discovery;

/// <summary>
/// One question of a DNS message; class IN is implied. <paramref name="UnicastResponse"/> sets the
/// QU bit (RFC 6762 §5.4): the responder may answer us directly instead of multicasting, which
/// it may delay by up to a second if it multicast the same records just before.
/// </summary>
public sealed record DnsQuestion(DnsName Name, DnsRecordType Type, bool UnicastResponse = false);
