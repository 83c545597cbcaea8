namespace Mandos.Ctl.Bus;

/// <summary>The server refused or failed an action on one client. The message names the client and the error.</summary>
internal sealed class ClientActionException(string message) : Exception(message);
