namespace Mandos.Client.Discovery;

/// <summary>A DNS message that is truncated, loops, or otherwise cannot be read; the packet is dropped.</summary>
public sealed class DnsFormatException(string message) : Exception(message);
