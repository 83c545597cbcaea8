namespace Mandos.Client.Network;

/// <summary>
/// The kernel refused to tell or change an interface or a route; the message names the interface
/// and the reason, as the C library tells it. An <see cref="IOException"/>, as callers expect.
/// </summary>
public sealed class NetworkControlException(string message) : IOException(message);
