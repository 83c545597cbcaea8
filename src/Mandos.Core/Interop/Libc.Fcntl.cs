using System.Runtime.InteropServices;

namespace Mandos.Core.Interop;

public static partial class Libc
{
    public const int Duplicate = 0;                 // F_DUPFD: the copy is inherited across exec
    public const int DuplicateCloseOnExec = 1030;   // F_DUPFD_CLOEXEC

    /// <summary>fcntl(2) with an int argument, such as <see cref="Duplicate"/> or <see cref="DuplicateCloseOnExec"/>.</summary>
    [LibraryImport(Library, EntryPoint = "fcntl", SetLastError = true)]
    public static partial int Fcntl(int fd, int command, int argument);
}
