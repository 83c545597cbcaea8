namespace Mandos.Core.Keys;

/// <summary>The kernel's random number generator (getrandom) failed; the message says why, as the C library tells it.</summary>
public sealed class RandomSourceException(string message) : IOException(message);
