using System.Runtime.InteropServices;

namespace Mandos.Core.Interop;

public static partial class Libc
{
    /// <summary>posix_spawnattr_init(3): <paramref name="attributes"/> is a posix_spawnattr_t buffer (336 bytes on x86-64 glibc).</summary>
    [LibraryImport(Library, EntryPoint = "posix_spawnattr_init")]
    public static unsafe partial int PosixSpawnAttrInit(byte* attributes);
}
