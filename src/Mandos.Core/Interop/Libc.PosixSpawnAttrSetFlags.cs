using System.Runtime.InteropServices;

namespace Mandos.Core.Interop;

public static partial class Libc
{
    /// <summary>posix_spawnattr_setflags(3): POSIX_SPAWN_SETSIGMASK and the like.</summary>
    [LibraryImport(Library, EntryPoint = "posix_spawnattr_setflags")]
    public static unsafe partial int PosixSpawnAttrSetFlags(byte* attributes, short flags);
}
