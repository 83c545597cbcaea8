using System.Runtime.InteropServices;

namespace Mandos.Core.Interop;

public static partial class Libc
{
    /// <summary>getegid(2): the effective group id.</summary>
    [LibraryImport(Library, EntryPoint = "getegid")]
    public static partial uint GetEgid();
}
