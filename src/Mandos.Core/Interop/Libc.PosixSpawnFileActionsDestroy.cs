using System.Runtime.InteropServices;

namespace Mandos.Core.Interop;

public static partial class Libc
{
    /// <summary>posix_spawn_file_actions_destroy(3).</summary>
    [LibraryImport(Library, EntryPoint = "posix_spawn_file_actions_destroy")]
    public static unsafe partial int PosixSpawnFileActionsDestroy(byte* fileActions);
}
