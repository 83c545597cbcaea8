namespace Mandos.Server.Listener;

/// <summary>
/// Where to listen, as mandos.conf and the command line say it. <see cref="OwnsInheritedSocket"/>:
/// the inherited socket is the daemon's own copy of the passed one (closed once adopted), not the
/// descriptor the user passed (never closed).
/// </summary>
public sealed record ListenAddress(string Address, int? Port, string Interface, bool UseIpv6, int? InheritedSocket, bool OwnsInheritedSocket = false);
