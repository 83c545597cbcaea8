using System.Runtime.InteropServices;

namespace Mandos.Core.Interop;

public static partial class Libc
{
    /// <summary>posix_spawn_file_actions_addchdir_np(3) (glibc 2.29): the child changes to <paramref name="path"/>.</summary>
    [LibraryImport(Library, EntryPoint = "posix_spawn_file_actions_addchdir_np", StringMarshalling = StringMarshalling.Utf8)]
    public static unsafe partial int PosixSpawnFileActionsAddChdir(byte* fileActions, string path);
}
