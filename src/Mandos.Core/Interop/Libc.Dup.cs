using System.Runtime.InteropServices;

namespace Mandos.Core.Interop;

public static partial class Libc
{
    /// <summary>dup(2): a copy of <paramref name="fd"/> on the lowest free number, close-on-exec off.</summary>
    [LibraryImport(Library, EntryPoint = "dup", SetLastError = true)]
    public static partial int Dup(int fd);
}
