using System.Runtime.InteropServices;

namespace Mandos.Core.Interop;

public static partial class Libc
{
    /// <summary>fstat(2) into a struct stat buffer (at most 144 bytes on Linux).</summary>
    [LibraryImport(Library, EntryPoint = "fstat", SetLastError = true)]
    public static unsafe partial int FStat(int fd, byte* buffer);
}
