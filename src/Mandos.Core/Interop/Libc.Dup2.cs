using System.Runtime.InteropServices;

namespace Mandos.Core.Interop;

public static partial class Libc
{
    /// <summary>dup2(2): <paramref name="oldFd"/> copied onto <paramref name="newFd"/>, close-on-exec off.</summary>
    [LibraryImport(Library, EntryPoint = "dup2", SetLastError = true)]
    public static partial int Dup2(int oldFd, int newFd);
}
