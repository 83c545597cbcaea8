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

    /// <summary>
    /// Whether <paramref name="path"/> can be started with the ids <see cref="Start"/> gives it: a
    /// plugin that runs as the user, as that user (upstream asks once it has become that user),
    /// one that gets effective root, as root.
    /// </summary>
    public bool MayRun(string name, string path) =>
        _user is (uint uid, uint gid) && !PrivilegedPlugins.IsOwn(name, path)
            ? Credentials.WithRealIds(uid, gid, () => PluginDirectory.IsRunnable(path))
            : PluginDirectory.IsRunnable(path);

    /// <summary>Whether <see cref="Start"/> gives this plugin root.</summary>
    public bool GivesRoot(string name, string path) => _user is not null && PrivilegedPlugins.IsOwn(name, path);

    public SpawnedChild Start(string name, string path, IReadOnlyList<string> argv, IReadOnlyList<string> environment)
    {
        if (_user is not (uint uid, uint gid))
        {
            return ChildSpawner.Spawn(path, argv, environment, new SpawnOptions { CaptureOutput = true });
        }
        bool privileged = PrivilegedPlugins.IsOwn(name, path);
        var options = new SpawnOptions { CaptureOutput = true, ResetIds = !privileged };
        // A privileged plugin is started from our own executable (argv[0] picks the program), not
        // from its path: once our real ids are the user's, that user may stop the child before
        // its exec and put another file at the path.
        string program = privileged ? PrivilegedPlugins.OwnExecutable : path;
        return Credentials.WithRealIds(uid, gid, () => ChildSpawner.Spawn(program, argv, environment, options));
    }
}
