using Mandos.Core.Posix;

namespace Mandos.PluginRunner.Plugins;

/// <summary>
/// Starts plugins with the ids they run as. Run by root (as cryptsetup runs its keyscript),
/// plugin-runner starts every plugin as the unprivileged user and group, through and through,
/// except our own programs that upstream installs set-user-ID root (<see cref="PrivilegedPlugins"/>):
/// those start as the kernel would start a set-user-ID root program run by that user (real ids
/// the user's, effective and saved user id root), and give up root themselves. Nothing we
/// install carries the bit, so only root can start a program of ours with root. Not run by root,
/// every plugin starts with our own ids.
/// </summary>
public sealed class PluginLauncher
{
    private readonly (uint Uid, uint Gid)? _user;

    private PluginLauncher((uint, uint)? user) => _user = user;

    /// <summary>We are root: plugins start as <paramref name="uid"/>:<paramref name="gid"/>.</summary>
    public static PluginLauncher AsRootFor(uint uid, uint gid) => new((uid, gid));

    /// <summary>We are not root: plugins start with our ids.</summary>
    public static PluginLauncher WithOwnIds() => new(null);

    /// <summary>Whether this plugin is to get effective root; asked once per plugin, and the answer passed to <see cref="MayRun"/> and <see cref="Start"/>.</summary>
    public bool GivesRoot(string name, string path) => _user is not null && PrivilegedPlugins.IsOwn(name, path);

    /// <summary>
    /// Whether <paramref name="path"/> can be started with the ids <see cref="Start"/> gives it: a
    /// plugin that runs as the user, as that user (upstream asks once it has become that user),
    /// one that gets effective root, as root.
    /// </summary>
    public bool MayRun(string path, bool givesRoot) =>
        _user is (uint uid, uint gid) && !givesRoot
            ? Credentials.WithRealIds(uid, gid, () => PluginDirectory.IsRunnable(path))
            : PluginDirectory.IsRunnable(path);

    public SpawnedChild Start(string path, IReadOnlyList<string> argv, IReadOnlyList<string> environment, bool givesRoot)
    {
        if (_user is not (uint uid, uint gid))
        {
            return ChildSpawner.Spawn(path, argv, environment, new SpawnOptions { CaptureOutput = true });
        }
        var options = new SpawnOptions { CaptureOutput = true, ResetIds = !givesRoot };
        // A privileged plugin is started from our own executable (argv[0] picks the program), not
        // from its path: once our real ids are the user's, that user may stop the child before
        // its exec and put another file at the path.
        string program = givesRoot ? ChildSpawner.OwnExecutable : path;
        return Credentials.WithRealIds(uid, gid, () => ChildSpawner.Spawn(program, argv, environment, options));
    }
}
