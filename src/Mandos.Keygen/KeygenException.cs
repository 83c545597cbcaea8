namespace Mandos.Keygen;

/// <summary>A user-caused failure: printed as one line on stderr, exit status 1.</summary>
internal sealed class KeygenException(string message) : Exception(message);
