using System.ComponentModel;
using System.Runtime.InteropServices;
using Mandos.Core.Interop;

namespace Mandos.Core.Posix;

/// <summary>
/// User and group ids of this process: what plugin-runner and password-agent drop to, and how a
/// root parent starts a child as an unprivileged user. glibc applies every change to all threads.
/// </summary>
public static unsafe class Credentials
{
    public static uint RealUserId => Libc.GetUid();

    public static uint RealGroupId => Libc.GetGid();

    public static uint EffectiveUserId => Libc.GetEuid();

    public static uint EffectiveGroupId => Libc.GetEgid();

    /// <summary>prctl(PR_SET_DUMPABLE, 0): no core dump, no ptrace and no /proc memory access by processes of the same user.</summary>
    public static void ForbidTracing() => _ = Libc.Prctl(Libc.SetDumpable, 0, 0, 0, 0);

    /// <summary>
    /// For a process about to hold secrets among processes of the same user: no ptrace or /proc
    /// memory access by them, no core dump (not even a root-only one, whatever the kernel's
    /// suid_dumpable says), and no gaining privileges through exec (set-user-ID files, file
    /// capabilities). Whether all three took.
    /// </summary>
    public static bool Seal()
    {
        ulong* none = stackalloc ulong[2] { 0, 0 };
        return Libc.SetRLimit(Libc.LimitCore, none) == 0
            & Libc.Prctl(Libc.SetDumpable, 0, 0, 0, 0) == 0
            & ForbidNewPrivileges();
    }

    /// <summary>
    /// PR_SET_NO_NEW_PRIVS for the calling thread, inherited by the threads it creates and the
    /// programs it starts (all their threads): set before starting a child that must never gain
    /// privileges through exec. Whether it took.
    /// </summary>
    public static bool ForbidNewPrivileges() => Libc.Prctl(Libc.SetNoNewPrivileges, 1, 0, 0, 0) == 0;

    /// <summary>
    /// SIGKILL when the parent goes (PR_SET_PDEATHSIG; an id change clears it, so set it after
    /// one), and whether the parent is still <paramref name="parent"/> (it may have gone just before).
    /// </summary>
    public static bool DieWithParent(int parent) =>
        Libc.Prctl(Libc.SetParentDeathSignal, SignalNumber.Kill, 0, 0, 0) == 0 && Libc.GetPpid() == parent;

    /// <summary>The parent's process id.</summary>
    public static int ParentProcessId => Libc.GetPpid();

    /// <summary>Whether /proc/self/status says no process traces us (TracerPid 0); false when it cannot be read.</summary>
    public static bool IsUntraced()
    {
        try
        {
            return File.ReadLines("/proc/self/status").Any(l => l == "TracerPid:\t0");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>setgroups([gid]) when root, then setgid, then setuid (upstream plugin-runner's order).</summary>
    public static void DropTo(uint uid, uint gid)
    {
        if (Libc.GetEuid() == 0)
        {
            uint group = gid;
            _ = Libc.SetGroups(1, &group);
        }
        SwitchTo(uid, gid);
    }

    /// <summary>
    /// setgid, then setuid: as root this changes the real, effective and saved ids for good. Throws
    /// <see cref="Win32Exception"/> (errno in <see cref="Win32Exception.NativeErrorCode"/>) at the
    /// first call that fails, without trying the next.
    /// </summary>
    public static void SwitchTo(uint uid, uint gid)
    {
        if (Libc.SetGid(gid) < 0)
        {
            throw Failure($"setgid({gid})");
        }
        if (Libc.SetUid(uid) < 0)
        {
            throw Failure($"setuid({uid})");
        }
    }

    /// <summary>
    /// Tries setuid(0) and tells whether it worked, in which case the process is root again: once
    /// root has been given up for good, it must not.
    /// </summary>
    public static bool CanRegainRoot() => Libc.SetUid(0) == 0;

    /// <summary>Tries setgid(0), as <see cref="CanRegainRoot"/> tries setuid(0).</summary>
    public static bool CanRegainRootGroup() => Libc.SetGid(0) == 0;

    /// <summary>The supplementary group list becomes just <paramref name="gid"/> (needs root); throws <see cref="Win32Exception"/> as <see cref="SwitchTo"/>.</summary>
    public static void SetGroups(uint gid)
    {
        if (Libc.SetGroups(1, &gid) < 0)
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
        if (Libc.SetResGid(0, 0, 0) < 0)
        {
            throw Failure("setresgid(0, 0, 0)");
        }
        if (Libc.SetResUid(0, 0, 0) < 0)
        {
            Exception failure = Failure("setresuid(0, 0, 0)");
            _ = Libc.SetResGid(gid, gid, gid);
            throw failure;
        }
        try
        {
            return action();
        }
        finally
        {
            _ = Libc.SetResGid(gid, gid, gid);
            _ = Libc.SetResUid(uid, 0, 0);
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
        if (Libc.SetResGid(gid, gid, gid) < 0)
        {
            throw Failure($"setresgid({gid}, {gid}, {gid})");
        }
        if (Libc.SetResUid(uid, uint.MaxValue, uint.MaxValue) < 0)
        {
            Exception failure = Failure($"setresuid({uid})");
            _ = Libc.SetResGid(0, 0, 0);
            throw failure;
        }
        try
        {
            return action();
        }
        finally
        {
            _ = Libc.SetResUid(0, uint.MaxValue, uint.MaxValue);
            _ = Libc.SetResGid(0, 0, 0);
        }
    }

    /// <summary>The call and errno's text, e.g. "setgid(0): Operation not permitted".</summary>
    private static IdChangeException Failure(string call)
    {
        int error = Marshal.GetLastPInvokeError();
        return new IdChangeException(error, $"{call}: {Marshal.GetPInvokeErrorMessage(error)}");
    }
}
