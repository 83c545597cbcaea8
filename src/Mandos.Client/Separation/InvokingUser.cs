using Mandos.Core.Errors;
using Mandos.Core.Logging;
using Mandos.Core.Posix;

namespace Mandos.Client.Separation;

/// <summary>
/// The unprivileged user a root side runs for: its real ids when it was started with effective
/// root by another user (as plugin-runner and password-agent start it). The root side keeps
/// those real ids, so that user (plugin-runner, once it has dropped to it) may still signal it,
/// and becomes root in every id only while it starts a network hook or the route helper.
/// </summary>
public sealed class InvokingUser
{
    private InvokingUser((uint, uint)? ids) => Ids = ids;

    /// <summary>(uid, gid), or null: started by root itself, or without root.</summary>
    public (uint Uid, uint Gid)? Ids { get; }

    /// <summary>Who started us, with our supplementary groups reduced to that user's group.</summary>
    public static InvokingUser OfThisProcess(Log log)
    {
        uint uid = Credentials.RealUserId, gid = Credentials.RealGroupId;
        if (Credentials.EffectiveUserId != 0 || uid == 0)
        {
            return new InvokingUser(null);
        }
        try
        {
            Credentials.SetGroups(gid);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            log.Error($"Could not set the supplementary groups: {ErrorText.Of(e)}");
        }
        return new InvokingUser((uid, gid));
    }

    /// <summary>Starts a root child: <paramref name="start"/> runs with every id root, when we have root to give.</summary>
    public T AsRoot<T>(Func<T> start) => Ids is (uint uid, uint gid) ? Credentials.AsFullRoot(uid, gid, start) : start();
}
