using System.Runtime.InteropServices;

namespace Mandos.PluginRunner;

/// <summary>
/// What upstream's plugin-runner fixes in the initramfs while it is still root: a default plugin
/// directory the plugin user cannot enter (Debian #633582) and a missing /dev/fd (Debian #981302).
/// Upstream gives such a directory to the plugin user; we give it only to the plugin group
/// (root stays the owner, mode g+rx), so that nothing running as the user can change what
/// plugin-runner, as root, starts from it.
/// </summary>
public static unsafe partial class StartupRepairs
{
    private const int StatSize = 256;

    public static void Apply(uint uid, uint gid, Action<string> error)
    {
        try
        {
            GiveDefaultPluginDirTo(uid, gid, error);
            if (!Directory.Exists("/dev/fd") && !File.Exists("/dev/fd") && Directory.Exists("/proc/self/fd"))
            {
                File.CreateSymbolicLink("/dev/fd", "/proc/self/fd");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error(e.Message);
        }
    }

    private static void GiveDefaultPluginDirTo(uint uid, uint gid, Action<string> error)
    {
        // struct stat's st_uid/st_gid offsets: 28/32 on x86-64, 24/28 on the generic layout (arm64, riscv64).
        int uidOffset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 28 : 24;
        byte* st = stackalloc byte[StatSize];
        if (stat(Cli.RunnerOptions.DefaultPluginDir, st) != 0)
        {
            return;
        }
        // st_mode: at 24 on x86-64, at 16 on the generic layout.
        uint mode = *(uint*)(st + (uidOffset == 28 ? 24 : 16)) & 0xFFF;
        if (*(uint*)(st + uidOffset) == 0 && *(uint*)(st + uidOffset + 4) == 0 && gid != 0
            && (chown(Cli.RunnerOptions.DefaultPluginDir, 0, gid) != 0 || chmod(Cli.RunnerOptions.DefaultPluginDir, (mode | 0b000_101_000) & ~0b000_010_010u) != 0))
        {
            error($"chgrp {Cli.RunnerOptions.DefaultPluginDir}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int stat(string path, byte* buffer);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int chown(string path, uint uid, uint gid);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int chmod(string path, uint mode);
}
