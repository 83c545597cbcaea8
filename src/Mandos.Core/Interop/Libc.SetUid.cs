using System.Runtime.InteropServices;

namespace Mandos.Core.Interop;

public static partial class Libc
{
    /// <summary>setuid(2) (every thread, through glibc).</summary>
    [LibraryImport(Library, EntryPoint = "setuid", SetLastError = true)]
    public static partial int SetUid(uint uid);
}
