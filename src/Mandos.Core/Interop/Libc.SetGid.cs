using System.Runtime.InteropServices;

namespace Mandos.Core.Interop;

public static partial class Libc
{
    /// <summary>setgid(2) (every thread, through glibc).</summary>
    [LibraryImport(Library, EntryPoint = "setgid", SetLastError = true)]
    public static partial int SetGid(uint gid);
}
