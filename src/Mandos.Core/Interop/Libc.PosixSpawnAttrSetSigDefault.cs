using System.Runtime.InteropServices;

namespace Mandos.Core.Interop;

public static partial class Libc
{
    /// <summary>posix_spawnattr_setsigdefault(3): the signals the child gets back at their default action.</summary>
    [LibraryImport(Library, EntryPoint = "posix_spawnattr_setsigdefault")]
    public static unsafe partial int PosixSpawnAttrSetSigDefault(byte* attributes, byte* signals);
}
