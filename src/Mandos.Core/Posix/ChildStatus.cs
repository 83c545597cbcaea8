using System.Runtime.InteropServices;
using Mandos.Core.Interop;

namespace Mandos.Core.Posix;

/// <summary>Reaping children started by <see cref="ChildSpawner"/>, and signalling them.</summary>
public static class ChildStatus
{
    /// <summary>Blocks until child <paramref name="pid"/> exits; its exit code, or 128 + the signal that killed it, or -1 if it was already reaped.</summary>
    public static int Wait(int pid)
    {
        while (true)
        {
            int result = Libc.WaitPid(pid, out int status, 0);
            if (result == pid)
            {
                int signal = status & 0x7f;
                return signal == 0 ? (status >> 8) & 0xff : 128 + signal;
            }
            if (result < 0 && Marshal.GetLastPInvokeError() != Errno.Interrupted)
            {
                return -1;
            }
        }
    }

    /// <summary>
    /// Blocks until child <paramref name="pid"/> has exited, without reaping it (waitid with
    /// WNOWAIT): until <see cref="Wait"/>, its pid and process group id stay its own, so its
    /// group may still be signalled safely.
    /// </summary>
    /// <returns>
    /// Whether it is there, exited and not reaped; false when it cannot be waited for (reaped
    /// already, e.g. because SIGCHLD is ignored): then its ids may belong to others by now.
    /// </returns>
    public static unsafe bool WaitExitedNotReaped(int pid)
    {
        const int ByPid = 1;                    // P_PID
        const int Exited = 4;                   // WEXITED
        const int NoWait = 0x01000000;          // WNOWAIT
        byte* info = stackalloc byte[128];
        while (true)
        {
            if (Libc.WaitId(ByPid, pid, info, Exited | NoWait) == 0)
            {
                return true;
            }
            if (Marshal.GetLastPInvokeError() != Errno.Interrupted)
            {
                return false;
            }
        }
    }

    /// <summary>
    /// SIGCHLD back to its default action: a program started with it ignored (a parent may leave
    /// it so) would have its children reaped by the kernel, and could neither learn their exit
    /// status nor know their process ids still theirs.
    /// </summary>
    public static void ReapChildrenOurselves() => _ = Libc.Signal(SignalNumber.Child, Libc.DefaultAction);

    public static bool Signal(int pid, int signal) => Libc.Kill(pid, signal) == 0;

    /// <summary>Whether a process with this pid exists (kill(pid, 0); a process we may not signal counts as alive).</summary>
    public static bool IsAlive(int pid) => pid > 0 && (Libc.Kill(pid, 0) == 0 || Marshal.GetLastPInvokeError() == Errno.NotPermitted);
}
