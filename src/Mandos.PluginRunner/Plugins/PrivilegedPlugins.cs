namespace Mandos.PluginRunner.Plugins;

/// <summary>
/// Our plugins that need root for part of their work, as upstream installs them set-user-ID
/// root: mandos-client (network hooks, interfaces, routes), askpass-fifo (its FIFO in
/// /lib/cryptsetup), plymouth, splashy and usplash (they stop and restart the splash daemon). A
/// plugin counts only under one of these names and only if its file is the very file plugin-runner
/// runs from (the one multi-call executable): an administrator's own script called plymouth does
/// not get root this way.
/// </summary>
public static class PrivilegedPlugins
{
    private const string OwnExecutable = "/proc/self/exe";

    public static readonly IReadOnlyList<string> Names = ["mandos-client", "askpass-fifo", "plymouth", "splashy", "usplash"];

    public static bool IsOwn(string name, string path) => Names.Contains(name) && IsSameFile(path, OwnExecutable);

    private static bool IsSameFile(string a, string b)
    {
        try
        {
            using Microsoft.Win32.SafeHandles.SafeFileHandle first = File.OpenHandle(a);
            using Microsoft.Win32.SafeHandles.SafeFileHandle second = File.OpenHandle(b);
            return Core.Posix.FileDescriptorIdentity.Of((int)first.DangerousGetHandle()) is { } one
                && one == Core.Posix.FileDescriptorIdentity.Of((int)second.DangerousGetHandle());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
