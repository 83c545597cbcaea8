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
    /// <summary>
    /// The open file; throws <see cref="IOException"/> with one sentence without the path (see
    /// <see cref="Describe"/>) when it cannot be had or is no regular file. The path is first
    /// opened with O_PATH, which runs no driver's open (a link to /dev/watchdog would arm it, to a
    /// tape would rewind it), checked, and only a regular file is then opened for reading,
    /// through that very descriptor (/proc/self/fd), not the path again.
    /// </summary>
    public static SafeFileHandle Open(string path, bool followLinks)
    {
        int flags = OpenFlags.PathOnly | OpenFlags.CloseOnExec | (followLinks ? 0 : OpenFlags.NoFollow);
        int located = Libc.Open(path, flags);
        if (located < 0)
        {
            throw Failure(Marshal.GetLastPInvokeError(), followLinks);
        }
        try
        {
            if (FileStatus.Of(located) is not { IsRegularFile: true })
            {
                throw new IOException("is not a regular file");
            }
            int fd = Libc.Open($"/proc/self/fd/{located}", OpenFlags.ReadOnly | OpenFlags.NonBlocking | OpenFlags.CloseOnExec);
            return fd >= 0 ? new SafeFileHandle(fd, ownsHandle: true) : throw Failure(Marshal.GetLastPInvokeError(), followLinks);
        }
        finally
        {
            _ = Libc.Close(located);
        }
    }

    /// <summary>"PATH does not exist", "cannot read PATH: REASON", or "PATH is not a regular file" (and the like) for what <see cref="Open"/> or <see cref="ReadAll(string, int, bool)"/> threw.</summary>
    public static string Describe(string path, IOException e) =>
        IsMissing(e) ? $"{path} does not exist" : IsRefused(e) ? $"{path} {e.Message}" : $"cannot read {path}: {e.Message}";

    /// <summary>Whether what <see cref="Open"/> threw says the file, or a directory on its path, does not exist.</summary>
    public static bool IsMissing(IOException e) => e.HResult is NoSuchFile or NotADirectory;

    /// <summary>Whether what <see cref="Open"/> or <see cref="ReadAll(string, int, bool)"/> threw is its own refusal (not a regular file, a link, too long), not the system's error.</summary>
    public static bool IsRefused(IOException e) => e.HResult is not (> 0 and < MaxErrno);

    private const int NoSuchFile = 2;       // ENOENT
    private const int NotADirectory = 20;   // ENOTDIR
    private const int TooManyLinks = 40;    // ELOOP
    private const int MaxErrno = 4096;

    // ELOOP with O_NOFOLLOW: the last component is a symbolic link.
    private static IOException Failure(int error, bool followLinks) =>
        error == TooManyLinks && !followLinks ? new IOException("is a symbolic link") : new IOException(ErrorText.Strerror(error), error);

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
