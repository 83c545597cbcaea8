using System.Runtime.InteropServices;

namespace Mandos.Core.Posix;

/// <summary>The device and inode numbers of what an open file descriptor refers to (fstat(2)).</summary>
public static unsafe partial class FileDescriptorIdentity
{
    // struct stat begins with st_dev and st_ino, 8 bytes each, on x86-64 and on the generic
    // layout (arm64, riscv64); the whole struct is at most 144 bytes.
    private const int StatSize = 256;

    /// <summary>(st_dev, st_ino) of <paramref name="fd"/>, or null when it is not open.</summary>
    public static (ulong Device, ulong Inode)? Of(int fd)
    {
        byte* buffer = stackalloc byte[StatSize];
        if (fstat(fd, buffer) < 0)
        {
            return null;
        }
        return (*(ulong*)buffer, *(ulong*)(buffer + 8));
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fstat(int fd, byte* buffer);
}
