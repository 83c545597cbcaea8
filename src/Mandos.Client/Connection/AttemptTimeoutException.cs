namespace Mandos.Client.Connection;

/// <summary>An attempt at one server ran out of time (handshake limit or <c>--timeout</c>); the message names the server.</summary>
public sealed class AttemptTimeoutException(string message) : Exception(message);
