namespace Mandos.Core.Posix;

/// <summary>
/// A program may not be run: missing, not a regular executable file, or writable or owned by
/// someone other than root (see <see cref="OpenedProgram"/>). The message names the file and the
/// reason in one sentence. An <see cref="IOException"/>, so callers handling I/O failures handle it.
/// </summary>
public sealed class ProgramFileException(string message) : IOException(message);
