using System.Runtime.InteropServices;

namespace Mandos.Core.Interop;

public static partial class Libc
{
    /// <summary>setgroups(2): the supplementary group list (every thread, through glibc).</summary>
    [LibraryImport(Library, EntryPoint = "setgroups", SetLastError = true)]
    public static unsafe partial int SetGroups(nuint count, uint* groups);
}
