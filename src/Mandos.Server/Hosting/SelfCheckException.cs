namespace Mandos.Server.Hosting;

/// <summary>A self-check (<c>--check</c>) found a wrong result; the message names what was checked.</summary>
public sealed class SelfCheckException(string message) : Exception(message);
