namespace Mandos.Server.Hosting;

/// <summary>The server could not become its unprivileged account and must not go on as root.</summary>
public sealed class PrivilegeDropException(string message) : Exception(message);
