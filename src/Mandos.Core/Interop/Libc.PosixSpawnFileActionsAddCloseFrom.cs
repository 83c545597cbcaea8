using System.Runtime.InteropServices;

namespace Mandos.Core.Interop;

public static partial class Libc
{
    /// <summary>posix_spawn_file_actions_addclosefrom_np(3) (glibc 2.34): the child closes every descriptor from <paramref name="from"/> up.</summary>
    [LibraryImport(Library, EntryPoint = "posix_spawn_file_actions_addclosefrom_np")]
    public static unsafe partial int PosixSpawnFileActionsAddCloseFrom(byte* fileActions, int from);
}
