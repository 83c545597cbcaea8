using System.Runtime.InteropServices;

namespace Mandos.Core.Interop;

public static partial class Libc
{
    /// <summary>epoll_ctl(2): adds <paramref name="fd"/> to or removes it from the set; <paramref name="ev"/> is a struct epoll_event (packed on x86-64).</summary>
    [LibraryImport(Library, EntryPoint = "epoll_ctl", SetLastError = true)]
    public static unsafe partial int EpollCtl(int epoll, int operation, int fd, byte* ev);
}
