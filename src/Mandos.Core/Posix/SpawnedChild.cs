namespace Mandos.Core.Posix;

/// <summary>A started child process: its pid and, when its stdout was captured, the reading end of that pipe.</summary>
public sealed record SpawnedChild(int Pid, Stream? Output);
