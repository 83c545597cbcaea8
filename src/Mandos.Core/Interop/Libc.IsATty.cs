using System.Runtime.InteropServices;

namespace Mandos.Core.Interop;

public static partial class Libc
{
    /// <summary>isatty(3): 1 when <paramref name="fd"/> is a terminal.</summary>
    [LibraryImport(Library, EntryPoint = "isatty")]
    public static partial int IsATty(int fd);
}
