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

    public static bool Signal(int pid, int signal) => Libc.Kill(pid, signal) == 0;

    /// <summary>Whether a process with this pid exists (kill(pid, 0); a process we may not signal counts as alive).</summary>
    public static bool IsAlive(int pid) => pid > 0 && (Libc.Kill(pid, 0) == 0 || Marshal.GetLastPInvokeError() == Errno.NotPermitted);
}
