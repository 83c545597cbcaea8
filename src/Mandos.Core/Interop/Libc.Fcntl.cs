using System.Runtime.InteropServices;

namespace Mandos.Core.Interop;

public static partial class Libc
{
    public const int DuplicateCloseOnExec = 1030;   // F_DUPFD_CLOEXEC

    /// <summary>fcntl(2) with an int argument, such as <see cref="DuplicateCloseOnExec"/>.</summary>
    [LibraryImport(Library, EntryPoint = "fcntl", SetLastError = true)]
    public static partial int Fcntl(int fd, int command, int argument);
}
