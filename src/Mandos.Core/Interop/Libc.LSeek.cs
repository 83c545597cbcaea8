using System.Runtime.InteropServices;

namespace Mandos.Core.Interop;

public static partial class Libc
{
    /// <summary>lseek(2) whence: the offset counts from the start of the file.</summary>
    public const int SeekSet = 0;

    /// <summary>lseek(2): moves the file offset a child started on the descriptor reads from.</summary>
    [LibraryImport(Library, EntryPoint = "lseek", SetLastError = true)]
    public static partial long LSeek(int fd, long offset, int whence);
}
