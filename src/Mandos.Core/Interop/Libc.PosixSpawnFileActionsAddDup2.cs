using System.Runtime.InteropServices;

namespace Mandos.Core.Interop;

public static partial class Libc
{
    /// <summary>posix_spawn_file_actions_adddup2(3).</summary>
    [LibraryImport(Library, EntryPoint = "posix_spawn_file_actions_adddup2")]
    public static unsafe partial int PosixSpawnFileActionsAddDup2(byte* fileActions, int fd, int newFd);
}
