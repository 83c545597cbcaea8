namespace Mandos.Core.Posix;

/// <summary>
/// A started child process: its pid, the reading end of its stdout when that was captured, and the
/// writing end of its stdin when that is a pipe (<see cref="SpawnOptions.InputPipe"/>).
/// </summary>
public sealed record SpawnedChild(int Pid, Stream? Output, Stream? Input = null);
