using System.Collections.Concurrent;
using System.ComponentModel;
using System.Runtime.InteropServices;
using Mandos.Core.Interop;

namespace Mandos.Server.Checkers;

/// <summary>
/// Tells when child processes exit, for any number of them, on one thread: each child gets a
/// pidfd (readable once it has exited), all pidfds sit in one epoll set. Reaping is left to the
/// caller, so a child stays a zombie (and its pid and group id stay reserved) until then.
/// .NET's own SIGCHLD handling only reaps the children that <see cref="System.Diagnostics.Process"/>
/// started, so it never takes these. (Unless the server was started with SIGCHLD ignored: then
/// .NET reaps every child and the status is lost; see <see cref="CheckerResult.Lost"/>.)
/// </summary>
internal sealed unsafe class ChildExitWatcher
{
    private const int Add = 1;                  // EPOLL_CTL_ADD
    private const int Delete = 2;               // EPOLL_CTL_DEL
    private const uint Readable = 0x001;        // EPOLLIN
    private const int BatchSize = 64;

    private static readonly Lazy<ChildExitWatcher> SharedInstance = new(() => new ChildExitWatcher());

    // struct epoll_event is packed on x86 and x86-64 (12 bytes), naturally aligned elsewhere (16).
    private static readonly bool PackedEvents = RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.X86;
    private static readonly int EventSize = PackedEvents ? 12 : 16;
    private static readonly int DataOffset = PackedEvents ? 4 : 8;

    private readonly int _epoll;
    private readonly ConcurrentDictionary<int, Func<bool>> _byPidfd = new();

    private ChildExitWatcher()
    {
        _epoll = Libc.EpollCreate1(OpenFlags.CloseOnExec);
        if (_epoll < 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "epoll_create1");
        }
        new Thread(Loop) { IsBackground = true, Name = "checker exits" }.Start();
    }

    public static ChildExitWatcher Shared => SharedInstance.Value;

    /// <summary>
    /// Calls <paramref name="exited"/> on the watcher thread when child <paramref name="pid"/> has
    /// exited, until it returns true (false: it had not exited after all, keep watching).
    /// </summary>
    public void Watch(int pid, Func<bool> exited)
    {
        int pidfd = Libc.PidfdOpen(pid, 0);
        if (pidfd < 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), $"pidfd_open({pid})");
        }
        _byPidfd[pidfd] = exited;
        byte* ev = stackalloc byte[16];
        *(uint*)ev = Readable;
        *(ulong*)(ev + DataOffset) = (ulong)pidfd;
        if (Libc.EpollCtl(_epoll, Add, pidfd, ev) < 0)
        {
            int error = Marshal.GetLastPInvokeError();
            _byPidfd.TryRemove(pidfd, out _);
            _ = Libc.Close(pidfd);
            throw new Win32Exception(error, "epoll_ctl");
        }
    }

    private void Loop()
    {
        byte* events = stackalloc byte[BatchSize * 16];
        while (true)
        {
            int count = Libc.EpollWait(_epoll, events, BatchSize, -1);
            if (count < 0 && Marshal.GetLastPInvokeError() != Errno.Interrupted)
            {
                return; // cannot happen with a valid epoll descriptor and buffer
            }
            for (int i = 0; i < count; i++)
            {
                Fire((int)*(ulong*)(events + i * EventSize + DataOffset));
            }
        }
    }

    private void Fire(int pidfd)
    {
        if (!_byPidfd.TryGetValue(pidfd, out Func<bool>? exited) || !exited())
        {
            return;
        }
        _byPidfd.TryRemove(pidfd, out _);
        // Delete before closing: a child being spawned may still hold a copy of this pidfd, which
        // would keep it in the epoll set, reporting under a number we are about to reuse.
        _ = Libc.EpollCtl(_epoll, Delete, pidfd, null);
        _ = Libc.Close(pidfd);
    }
}
