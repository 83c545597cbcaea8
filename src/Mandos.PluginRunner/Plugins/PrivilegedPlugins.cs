using Mandos.Core.Posix;

namespace Mandos.PluginRunner.Plugins;

/// <summary>
/// Our plugins that need root for part of their work, as upstream installs them set-user-ID
/// root: mandos-client (network hooks, interfaces, routes), askpass-fifo (its FIFO in
/// /lib/cryptsetup), plymouth, splashy and usplash (they stop and restart the splash daemon). A
/// plugin counts only under one of these names and only if its file is the very file plugin-runner
/// runs from (the one multi-call executable): an administrator's own script called plymouth does
/// not get root this way. Such a plugin is then started from <see cref="ChildSpawner.OwnExecutable"/>,
/// never by its path, so nothing renamed over the path after this check can run with root.
/// </summary>
public static class PrivilegedPlugins
{
    public static readonly IReadOnlyList<string> Names = ["mandos-client", "askpass-fifo", "plymouth", "splashy", "usplash"];

    /// <summary>Whether <paramref name="path"/>, under <paramref name="name"/>, is one of them (stat only: nothing is opened).</summary>
    public static bool IsOwn(string name, string path) =>
        Names.Contains(name) && FileStatus.Of(path) is { IsRegularFile: true } plugin && FileStatus.Of(ChildSpawner.OwnExecutable) is { } own
        && (plugin.Device, plugin.Inode) == (own.Device, own.Inode);
}
