using Mandos.Core.Posix;

namespace Mandos.Plugins.Common;

/// <summary>Runs a helper program (plymouth, splashy_update) with our stdout, so what it prints is the plugin's output.</summary>
public static class ExternalCommand
{
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

    /// <summary>Starts a daemon again after we stopped it: a new session, not our child for long (the shell exits at once).</summary>
    public static void Restart(IReadOnlyList<string> argv)
    {
        if (argv.Count == 0)
        {
            return;
        }
        string quoted = string.Join(" ", argv.Select(a => "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
        _ = Run("/bin/sh", "-c", $"setsid {quoted} </dev/null >/dev/null 2>&1 &");
    }
}
