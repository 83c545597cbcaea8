using Mandos.Core.Posix;

namespace Mandos.Plugins.Common;

/// <summary>Runs a helper program (plymouth, splashy_update) with our stdout, so what it prints is the plugin's output.</summary>
public static class ExternalCommand
{
    private static readonly SpawnOptions Daemon =
        new() { NewSession = true, InputFromDevNull = true, OutputToDevNull = true, CloseOtherDescriptors = true };

    /// <summary>Starts it; the caller waits with <see cref="ChildStatus.Wait"/>.</summary>
    public static int Start(string path, params string[] args) =>
        ChildSpawner.Spawn(path, [path, .. args], ChildSpawner.EnvironmentWith([]), captureOutput: false).Pid;

    /// <summary>Runs it to the end; its exit status (128 + signal when killed), or -1 when it could not start.</summary>
    public static int Run(string path, params string[] args)
    {
        try
        {
            return ChildStatus.Wait(Start(path, args));
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }

    /// <summary>
    /// Starts a splash daemon again after we stopped it: the file <paramref name="path"/> with
    /// <paramref name="argv"/> (argv[0] included), in a session of its own, stdio on /dev/null. Not through a shell: a set-user-ID plugin runs
    /// with the real user id of plugin-runner's unprivileged user, and dash or bash would then
    /// drop the effective root the daemon needs. Its pid, or -1 when it could not start.
    /// </summary>
    public static int Restart(string path, IReadOnlyList<string> argv)
    {
        try
        {
            return ChildSpawner.Spawn(path, argv.Count == 0 ? [path] : argv, ChildSpawner.EnvironmentWith([]), Daemon).Pid;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }
}
