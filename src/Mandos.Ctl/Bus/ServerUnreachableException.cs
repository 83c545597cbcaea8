namespace Mandos.Ctl.Bus;

/// <summary>
/// The Mandos server could not be reached or read: no bus, no server on it, or the server refused
/// to list its clients. The message is the line to print.
/// </summary>
internal sealed class ServerUnreachableException(string message) : Exception(message);
