using System.Runtime.InteropServices;

namespace Mandos.Core.Interop;

public static partial class Libc
{
    /// <summary>posix_spawn_file_actions_init(3): <paramref name="fileActions"/> is a posix_spawn_file_actions_t buffer (80 bytes on x86-64 glibc).</summary>
    [LibraryImport(Library, EntryPoint = "posix_spawn_file_actions_init")]
    public static unsafe partial int PosixSpawnFileActionsInit(byte* fileActions);
}
