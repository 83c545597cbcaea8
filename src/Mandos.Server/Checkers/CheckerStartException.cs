namespace Mandos.Server.Checkers;

/// <summary>
/// A checker command cannot be started at all (it contains a NUL character, which no command
/// line can hold). An <see cref="IOException"/>, so it is logged like any other failure to start.
/// </summary>
public sealed class CheckerStartException(string message) : IOException(message);
