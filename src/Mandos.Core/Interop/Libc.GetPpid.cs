using System.Runtime.InteropServices;

namespace Mandos.Core.Interop;

public static partial class Libc
{
    /// <summary>getppid(2): the parent's process id.</summary>
    [LibraryImport(Library, EntryPoint = "getppid")]
    public static partial int GetPpid();
}
