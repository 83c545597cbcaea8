namespace Mandos.Server.State;

/// <summary>The state could not be saved; the message names the file and the reason, in one line.</summary>
public sealed class StateFileException(string message, Exception inner) : IOException(message, inner);
