using System.Net;

namespace Mandos.Integration.Tests.Harness;

/// <summary>
/// A host of a <see cref="VirtualLan"/> (or a namespace made like one): its namespace, its link's
/// name there, and the addresses the test gave it; an address the kernel chose itself is not listed.
/// </summary>
public sealed record LanHost(NetworkNamespace Namespace, string Link, IPAddress? IPv4, IPAddress? IPv6);
