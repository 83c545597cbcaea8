using System.ComponentModel;
using System.Runtime.InteropServices;
using Mandos.Core.Interop;
using Mandos.Core.Posix;

namespace Mandos.Server.Hosting;

/// <summary>
/// Upstream's privilege drop: once the socket is bound and the PID file open, the server
/// becomes <c>_mandos</c> (or the next candidate) for good; checkers, secret files and the state
/// directory are only ever touched as that account.
/// </summary>
/// <remarks>
/// .NET runs several threads by then. glibc and musl make setgroups/setgid/setuid apply to every
/// thread of the process (glibc's "setxid" broadcast, musl's __synccall), as POSIX requires,
/// so no runtime thread keeps root.
/// </remarks>
public static class PrivilegeDrop
{
    /// <summary>Upstream's candidates, in order; the first pair whose user and group both exist wins.</summary>
    public static IReadOnlyList<(string User, string Group)> Candidates { get; } =
        [("_mandos", "_mandos"), ("mandos", "mandos"), ("nobody", "nogroup")];

    public static ServiceAccount ChooseTarget() => ChooseTarget(Candidates);

    /// <summary>
    /// The first candidate whose user and group exist, else 65534:65534. The gid comes from the
    /// group database: upstream takes <c>getpwnam(group).pw_gid</c>, the primary group of a
    /// *user* named like the group, which only works when such a user exists (so upstream's
    /// <c>nobody:nogroup</c> never matches on Debian, where there is no user "nogroup").
    /// </summary>
    public static ServiceAccount ChooseTarget(IEnumerable<(string User, string Group)> candidates)
    {
        foreach ((string user, string group) in candidates)
        {
            if (UserDatabase.UserId(user) is uint uid && UserDatabase.GroupId(group) is uint gid)
            {
                return new ServiceAccount(user, group, uid, gid);
            }
        }
        return ServiceAccount.Fallback;
    }

    /// <summary>
    /// Becomes <paramref name="target"/>: supplementary groups cleared (upstream keeps root's,
    /// we do not), then gid, then uid. Returns null when done, or a warning when not permitted
    /// because the server was not started as root (upstream only warns then). Throws
    /// <see cref="PrivilegeDropException"/> for anything else, including root lacking
    /// CAP_SETUID/CAP_SETGID: going on as root after a failed drop is worse than not starting.
    /// </summary>
    public static string? DropTo(ServiceAccount target)
    {
        int error = SwitchIds(target.Uid, target.Gid);
        if (error == 0)
        {
            Verify(target);
            return null;
        }
        string problem = $"Failed to setuid/setgid to {target.Uid}:{target.Gid}: {Marshal.GetPInvokeErrorMessage(error)}";
        if (error == Errno.NotPermitted && Credentials.EffectiveUserId != 0)
        {
            return problem;
        }
        throw new PrivilegeDropException(error == Errno.NotPermitted
            ? $"{problem} (running as root, but without CAP_SETUID/CAP_SETGID)"
            : problem);
    }

    /// <summary>Returns the errno of the first call that fails, 0 when all succeed.</summary>
    private static int SwitchIds(uint uid, uint gid)
    {
        try
        {
            Credentials.SetGroups(gid);
            Credentials.SwitchTo(uid, gid);
            return 0;
        }
        catch (Win32Exception failure)
        {
            return failure.NativeErrorCode;
        }
    }

    // The calls above reported success; make sure of it (CERT POS37-C), including that root
    // cannot be regained, before any secret is read.
    private static void Verify(ServiceAccount target)
    {
        if (Credentials.RealUserId != target.Uid || Credentials.EffectiveUserId != target.Uid
            || Credentials.RealGroupId != target.Gid || Credentials.EffectiveGroupId != target.Gid)
        {
            throw new PrivilegeDropException($"Dropped privileges to {target}, but the process still has other ids");
        }
        if (target.Uid != 0 && Credentials.CanRegainRoot())
        {
            throw new PrivilegeDropException($"Dropped privileges to {target}, but root could be regained");
        }
    }
}
