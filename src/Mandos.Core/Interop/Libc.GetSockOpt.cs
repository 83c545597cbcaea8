using System.Runtime.InteropServices;

namespace Mandos.Core.Interop;

public static partial class Libc
{
    /// <summary>getsockopt(2).</summary>
    [LibraryImport(Library, EntryPoint = "getsockopt", SetLastError = true)]
    public static unsafe partial int GetSockOpt(int fd, int level, int option, byte* value, uint* length);

    /// <summary>getpeername(2): 0 on a connected socket, -1 with ENOTCONN on one that is not.</summary>
    [LibraryImport(Library, EntryPoint = "getpeername", SetLastError = true)]
    public static unsafe partial int GetPeerName(int fd, byte* address, uint* length);
}
