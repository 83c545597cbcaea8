using System.Runtime.InteropServices;

namespace Mandos.Core.Interop;

public static partial class Libc
{
    /// <summary>geteuid(2): the effective user id.</summary>
    [LibraryImport(Library, EntryPoint = "geteuid")]
    public static partial uint GetEuid();
}
