using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Mandos.Core.Posix;

/// <summary>
/// User and group ids of this process: what plugin-runner and password-agent drop to, and how a
/// root parent starts a child as an unprivileged user. glibc applies every change to all threads.
/// </summary>
public static unsafe partial class Credentials
{
    public static uint RealUserId => getuid();

    public static uint RealGroupId => getgid();

    public static uint EffectiveUserId => geteuid();

    public static uint EffectiveGroupId => getegid();

    /// <summary>prctl(PR_SET_DUMPABLE, 0): no core dump, no ptrace and no /proc memory access by processes of the same user.</summary>
    public static void ForbidTracing() => _ = prctl(4, 0, 0, 0, 0);

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

    /// <summary>The supplementary group list becomes just <paramref name="gid"/> (needs root).</summary>
    public static void SetGroups(uint gid)
    {
        if (setgroups(1, &gid) < 0)
        {
            throw Failure($"setgroups([{gid}])");
        }
    }

    /// <summary>
    /// Runs <paramref name="action"/> with every user and group id root, then gives the real ids
    /// back to <paramref name="uid"/>:<paramref name="gid"/> (effective and saved user id root): a
    /// program started meanwhile runs as root through and through (a shell would drop an effective
    /// root its real ids do not share), while the rest of the time the user may still signal us.
    /// Needs effective root.
    /// </summary>
    public static T AsFullRoot<T>(uint uid, uint gid, Func<T> action)
    {
        if (setresgid(0, 0, 0) < 0)
        {
            throw Failure("setresgid(0, 0, 0)");
        }
        if (setresuid(0, 0, 0) < 0)
        {
            Exception failure = Failure("setresuid(0, 0, 0)");
            _ = setresgid(gid, gid, gid);
            throw failure;
        }
        try
        {
            return action();
        }
        finally
        {
            _ = setresgid(gid, gid, gid);
            _ = setresuid(uid, 0, 0);
        }
    }

    /// <summary>
    /// Runs <paramref name="action"/> with the real user id <paramref name="uid"/>, every group id
    /// <paramref name="gid"/> and the effective and saved user ids root, then becomes root again.
    /// A child started meanwhile starts as a set-user-ID root program run by that user would, or,
    /// with <see cref="SpawnOptions.ResetIds"/>, as that user through and through. Needs effective root.
    /// </summary>
    public static T WithRealIds<T>(uint uid, uint gid, Func<T> action)
    {
        if (setresgid(gid, gid, gid) < 0)
        {
            throw Failure($"setresgid({gid}, {gid}, {gid})");
        }
        if (setresuid(uid, uint.MaxValue, uint.MaxValue) < 0)
        {
            Exception failure = Failure($"setresuid({uid})");
            _ = setresgid(0, 0, 0);
            throw failure;
        }
        try
        {
            return action();
        }
        finally
        {
            _ = setresuid(0, uint.MaxValue, uint.MaxValue);
            _ = setresgid(0, 0, 0);
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

    [LibraryImport("libc")]
    private static partial int prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);
}
