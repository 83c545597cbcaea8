using System.Runtime.InteropServices;

namespace Mandos.Core.Interop;

public static partial class Libc
{
    /// <summary>getgid(2): the real group id.</summary>
    [LibraryImport(Library, EntryPoint = "getgid")]
    public static partial uint GetGid();
}
