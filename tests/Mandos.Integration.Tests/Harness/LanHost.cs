using System.Net;

namespace Mandos.Integration.Tests.Harness;

/// <summary>A host of a <see cref="LinkLocalLan"/>: its namespace, its link's name there, and its addresses.</summary>
public sealed record LanHost(NetworkNamespace Namespace, string Link, IPAddress IPv4, IPAddress IPv6);
