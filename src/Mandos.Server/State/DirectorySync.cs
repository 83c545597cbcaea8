using System.Runtime.InteropServices;

namespace Mandos.Server.State;

/// <summary>
/// fsync(2) of a directory, which makes a rename in it durable. .NET cannot open a directory
/// as a file handle, hence libc.
/// </summary>
internal static partial class DirectorySync
{
    // O_RDONLY | O_CLOEXEC (the same value on x86, x86-64, ARM, ARM64, RISC-V). O_DIRECTORY is
    // left out because its value differs between architectures and fsync needs only a descriptor.
    private const int OpenFlags = 0x80000;
    private const int InvalidArgument = 22; // EINVAL: the file system cannot sync directories

    public static void Flush(string directory)
    {
        int fd = Open(directory, OpenFlags);
        if (fd < 0)
        {
            throw new IOException($"cannot open directory {directory} (errno {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            int errno = FSync(fd) == 0 ? 0 : Marshal.GetLastPInvokeError();
            if (errno != 0 && errno != InvalidArgument)
            {
                throw new IOException($"cannot sync directory {directory} (errno {errno})");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int FSync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
