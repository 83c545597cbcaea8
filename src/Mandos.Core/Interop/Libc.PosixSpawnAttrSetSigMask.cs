using System.Runtime.InteropServices;

namespace Mandos.Core.Interop;

public static partial class Libc
{
    /// <summary>posix_spawnattr_setsigmask(3): the child's signal mask.</summary>
    [LibraryImport(Library, EntryPoint = "posix_spawnattr_setsigmask")]
    public static unsafe partial int PosixSpawnAttrSetSigMask(byte* attributes, byte* signals);
}
