using System.Runtime.InteropServices;

namespace Mandos.Core.Interop;

public static partial class Libc
{
    public const int SetNow = 0;          // TCSANOW
    public const int SetAfterFlush = 2;   // TCSAFLUSH: also discards input not yet read

    /// <summary>tcsetattr(3): <paramref name="when"/> is <see cref="SetNow"/> or <see cref="SetAfterFlush"/>.</summary>
    [LibraryImport(Library, EntryPoint = "tcsetattr", SetLastError = true)]
    public static unsafe partial int TcSetAttr(int fd, int when, byte* termios);
}
