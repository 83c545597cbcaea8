namespace Mandos.Server.Listener;

/// <summary>Where to listen, as mandos.conf and the command line say it.</summary>
public sealed record ListenAddress(string Address, int? Port, string Interface, bool UseIpv6, int? InheritedSocket);
