using System.Runtime.InteropServices;
using Mandos.Core.Errors;
using Mandos.Core.Interop;
using Mandos.Core.Posix;

namespace Mandos.PluginRunner;

/// <summary>
/// What upstream's plugin-runner fixes in the initramfs while it is still root: a default plugin
/// directory the plugin user cannot enter (Debian #633582) and a missing /dev/fd (Debian #981302).
/// Upstream gives such a directory to the plugin user; we give it only to the plugin group
/// (root stays the owner, mode g+rx), so that nothing running as the user can change what
/// plugin-runner, as root, starts from it.
/// </summary>
public static class StartupRepairs
{
    public static void Apply(uint gid, Action<string> error)
    {
        try
        {
            GiveDefaultPluginDirTo(gid, error);
            if (!Directory.Exists("/dev/fd") && !File.Exists("/dev/fd") && Directory.Exists("/proc/self/fd"))
            {
                File.CreateSymbolicLink("/dev/fd", "/proc/self/fd");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error(ErrorText.Of(e));
        }
    }

    private static void GiveDefaultPluginDirTo(uint gid, Action<string> error)
    {
        string dir = Cli.RunnerOptions.DefaultPluginDir;
        if (gid == 0 || FileStatus.Of(dir) is not { Owner: 0, Group: 0 } status)
        {
            return;
        }
        if (Libc.Chown(dir, 0, gid) != 0 || Libc.Chmod(dir, (status.Permissions | 0b000_101_000) & ~0b000_010_010u) != 0)
        {
            error($"chgrp {dir}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }
    }
}
