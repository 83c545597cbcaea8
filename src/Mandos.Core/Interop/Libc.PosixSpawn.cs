using System.Runtime.InteropServices;

namespace Mandos.Core.Interop;

public static partial class Libc
{
    /// <summary>posix_spawn(3): starts <paramref name="path"/>; returns an error number, not -1.</summary>
    [LibraryImport(Library, EntryPoint = "posix_spawn", StringMarshalling = StringMarshalling.Utf8)]
    public static unsafe partial int PosixSpawn(out int pid, string path, byte* fileActions, byte* attributes, byte** argv, byte** envp);
}
