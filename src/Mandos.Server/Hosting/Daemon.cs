using System.Diagnostics;
using Mandos.Core.Interop;

namespace Mandos.Server.Hosting;

/// <summary>
/// Running in the background without <c>--foreground</c>. .NET cannot fork, so the program
/// starts itself again as a detached child and waits until the child says it is listening (or
/// fails, whose error it then shows): errors such as a port in use still reach the terminal.
/// </summary>
public static class Daemon
{
    private const string ChildMarker = "MANDOS_DAEMON_CHILD";
    private const string ReadyLine = "mandos-ready";

    /// <summary>Whether this process is the detached child.</summary>
    public static bool IsChild => Environment.GetEnvironmentVariable(ChildMarker) == "1";

    /// <summary>In the parent: start the child and return the exit code for the parent.</summary>
    public static int StartChild(IReadOnlyList<string> args)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }
        start.Environment[ChildMarker] = "1";
        using Process child = Process.Start(start)!;
        child.StandardInput.Close();
        Task<string> errors = child.StandardError.ReadToEndAsync();
        string? first = child.StandardOutput.ReadLine();
        if (first == ReadyLine)
        {
            return 0;
        }
        child.WaitForExit();
        Console.Error.Write(errors.Result);
        return child.ExitCode == 0 ? 1 : child.ExitCode;
    }

    /// <summary>In the child, once listening: tell the parent, leave the session, drop the terminal.</summary>
    public static void Detach()
    {
        _ = Libc.SetSid();
        Console.Out.WriteLine(ReadyLine);
        Console.Out.Flush();
        int devNull = Libc.Open("/dev/null", OpenFlags.ReadWrite);
        if (devNull >= 0)
        {
            _ = Libc.Dup2(devNull, 0);
            _ = Libc.Dup2(devNull, 1);
            _ = Libc.Dup2(devNull, 2);
            if (devNull > 2)
            {
                _ = Libc.Close(devNull);
            }
        }
    }
}
