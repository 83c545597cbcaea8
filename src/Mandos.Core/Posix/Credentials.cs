using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Mandos.Core.Posix;

/// <summary>User and group ids of this process: what plugin-runner and password-agent drop to.</summary>
public static unsafe partial class Credentials
{
    public static uint RealUserId => getuid();

    public static uint EffectiveUserId => geteuid();

    /// <summary>setgroups([gid]) when root, then setgid, then setuid (upstream plugin-runner's order).</summary>
    public static void DropTo(uint uid, uint gid)
    {
        if (geteuid() == 0)
        {
            uint group = gid;
            _ = setgroups(1, &group);
        }
        if (setgid(gid) < 0)
        {
            throw Failure($"setgid({gid})");
        }
        if (setuid(uid) < 0)
        {
            throw Failure($"setuid({uid})");
        }
    }

    /// <summary>Real ids unprivileged, effective and saved ids kept (password-agent's emulation of a setuid-root client).</summary>
    public static void SetRealIds(uint uid, uint gid)
    {
        if (setresgid(gid, uint.MaxValue, uint.MaxValue) < 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), $"setresgid({gid})");
        }
        if (setresuid(uid, uint.MaxValue, uint.MaxValue) < 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), $"setresuid({uid})");
        }
    }

    /// <summary>
    /// For a program that upstream does not install set-user-ID (password-prompt, plugin-runner,
    /// password-agent) but that runs from the one multi-call executable, which is: become the
    /// real user and group again, for good, before doing anything.
    /// </summary>
    public static void GiveUpSetUserId()
    {
        uint uid = getuid(), gid = getgid();
        if (geteuid() == uid && getegid() == gid)
        {
            return;
        }
        if (setresgid(gid, gid, gid) < 0 || setresuid(uid, uid, uid) < 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "could not give up set-user-ID privileges");
        }
    }

    /// <summary>The call and errno's text, e.g. "setgid(0): Operation not permitted".</summary>
    private static Win32Exception Failure(string call)
    {
        int error = Marshal.GetLastPInvokeError();
        return new Win32Exception(error, $"{call}: {Marshal.GetPInvokeErrorMessage(error)}");
    }

    [LibraryImport("libc")]
    private static partial uint getgid();

    [LibraryImport("libc")]
    private static partial uint getegid();

    [LibraryImport("libc")]
    private static partial uint getuid();

    [LibraryImport("libc")]
    private static partial uint geteuid();

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setuid(uint uid);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setgid(uint gid);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setgroups(nuint count, uint* groups);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setresuid(uint ruid, uint euid, uint suid);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setresgid(uint rgid, uint egid, uint sgid);
}
