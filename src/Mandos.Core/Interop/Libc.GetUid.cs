using System.Runtime.InteropServices;

namespace Mandos.Core.Interop;

public static partial class Libc
{
    /// <summary>getuid(2): the real user id.</summary>
    [LibraryImport(Library, EntryPoint = "getuid")]
    public static partial uint GetUid();
}
