using System.Runtime.InteropServices;
using Mandos.Core.Interop;

namespace Mandos.Server.State;

/// <summary>
/// fsync(2) of a directory, which makes a rename in it durable. .NET cannot open a directory
/// as a file handle, hence libc.
/// </summary>
internal static class DirectorySync
{
    public static void Flush(string directory)
    {
        // O_DIRECTORY is left out because its value differs between architectures and fsync
        // needs only a descriptor.
        int fd = Libc.Open(directory, OpenFlags.ReadOnly | OpenFlags.CloseOnExec);
        if (fd < 0)
        {
            throw new IOException($"cannot open directory {directory} (errno {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            int errno = Libc.FSync(fd) == 0 ? 0 : Marshal.GetLastPInvokeError();
            if (errno != 0 && errno != Errno.InvalidArgument)   // the file system cannot sync directories
            {
                throw new IOException($"cannot sync directory {directory} (errno {errno})");
            }
        }
        finally
        {
            _ = Libc.Close(fd);
        }
    }
}
