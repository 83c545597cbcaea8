using System.Runtime.InteropServices;

namespace Mandos.Keygen;

/// <summary>The few POSIX calls .NET does not expose: terminal echo, access(2), plain read(2) and write(2).</summary>
internal static partial class LibC
{
    public const int ReadOk = 4;
    public const int WriteOk = 2;
    public const int ExecuteOk = 1;

    /// <summary>Room for any libc's struct termios (glibc's is 60 bytes).</summary>
    public const int TermiosSize = 256;

    /// <summary>Offset of c_lflag: after c_iflag, c_oflag, c_cflag (32-bit each) on Linux.</summary>
    public const int LocalFlagsOffset = 12;

    public const uint Echo = 0x8;
    public const int SetNow = 0;

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int access(string path, int mode);

    [LibraryImport("libc")]
    public static partial int isatty(int fd);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint read(int fd, Span<byte> buffer, nint count);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint write(int fd, ReadOnlySpan<byte> buffer, nint count);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int tcgetattr(int fd, Span<byte> termios);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int tcsetattr(int fd, int optionalActions, ReadOnlySpan<byte> termios);
}
