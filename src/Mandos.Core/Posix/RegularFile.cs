using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Mandos.Core.Errors;
using Mandos.Core.Interop;
using Microsoft.Win32.SafeHandles;

namespace Mandos.Core.Posix;

/// <summary>
/// Opening a file that must be a regular file, for a root program given a path that another user
/// may have a hand in: opened without blocking (a FIFO would hang us), optionally without
/// following a final symbolic link, and checked on the open descriptor (no window between the
/// check and the use); read no further than a limit (a link to /dev/zero never ends).
/// </summary>
public static class RegularFile
{
    /// <summary>The open file; throws <see cref="IOException"/> with one sentence (without the path) when it cannot be had or is no regular file.</summary>
    public static SafeFileHandle Open(string path, bool followLinks)
    {
        int flags = OpenFlags.ReadOnly | OpenFlags.NonBlocking | OpenFlags.CloseOnExec | (followLinks ? 0 : OpenFlags.NoFollow);
        int fd = Libc.Open(path, flags);
        if (fd < 0)
        {
            int error = Marshal.GetLastPInvokeError();
            // ELOOP: O_NOFOLLOW met a symbolic link
            throw new IOException(error == 40 && !followLinks ? "is a symbolic link" : ErrorText.Strerror(error), error);
        }
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        if (FileStatus.Of(fd) is not { IsRegularFile: true })
        {
            handle.Dispose();
            throw new IOException("is not a regular file");
        }
        return handle;
    }

    /// <summary>
    /// The whole file, opened as <see cref="Open"/> does and at most <paramref name="limit"/>
    /// bytes long (longer: <see cref="IOException"/>). Intermediate buffers are cleared: it may be a key.
    /// </summary>
    public static byte[] ReadAll(string path, int limit, bool followLinks) => ReadAll(path, limit, followLinks, out _);

    /// <summary><see cref="ReadAll(string, int, bool)"/>, with the status of the very file read (owner and mode to check).</summary>
    public static byte[] ReadAll(string path, int limit, bool followLinks, out FileStatus status)
    {
        using SafeFileHandle handle = Open(path, followLinks);
        status = FileStatus.Of((int)handle.DangerousGetHandle()) ?? throw new IOException("cannot be examined");
        using var stream = new FileStream(handle, FileAccess.Read, bufferSize: 0);
        byte[] buffer = new byte[Math.Min(limit, 1 << 16) + 1];
        using var contents = new MemoryStream();
        try
        {
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (contents.Length + read > limit)
                {
                    throw new IOException($"is longer than {limit} bytes");
                }
                contents.Write(buffer, 0, read);
            }
            return contents.ToArray();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
            CryptographicOperations.ZeroMemory(contents.GetBuffer());
        }
    }
}
