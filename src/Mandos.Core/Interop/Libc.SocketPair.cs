using System.Runtime.InteropServices;

namespace Mandos.Core.Interop;

public static partial class Libc
{
    /// <summary>socketpair(2): two connected sockets in ends[0] and ends[1].</summary>
    [LibraryImport(Library, EntryPoint = "socketpair", SetLastError = true)]
    public static unsafe partial int SocketPair(int domain, int type, int protocol, int* ends);
}
