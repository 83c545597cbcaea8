namespace Mandos.Core.Interop;

/// <summary>
/// The open(2) flags the programs use (the same on x86, x86-64, ARM, ARM64 and RISC-V). Linux
/// defines SOCK_CLOEXEC, EPOLL_CLOEXEC and IN_CLOEXEC as O_CLOEXEC, and pipe2 takes O_CLOEXEC, so
/// <see cref="CloseOnExec"/> is also the flag for socket, socketpair, epoll_create1, inotify_init1 and pipe2.
/// </summary>
public static class OpenFlags
{
    public const int ReadOnly = 0;            // O_RDONLY
    public const int WriteOnly = 1;           // O_WRONLY
    public const int ReadWrite = 2;           // O_RDWR
    public const int NonBlocking = 0x800;     // O_NONBLOCK
    public const int NoFollow = 0x20000;      // O_NOFOLLOW
    public const int CloseOnExec = 0x80000;   // O_CLOEXEC
    public const int PathOnly = 0x200000;     // O_PATH
}
