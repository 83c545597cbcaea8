using System.Diagnostics;
using System.Globalization;
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
    private const string MovedSocketPrefix = "MANDOS_DAEMON_SOCKET_FROM_FD";
    private const int FirstAboveStandardStreams = 3;

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
        MoveStandardStreamSockets(start.Environment);
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

    /// <summary>
    /// The descriptor to use for a passed-in socket <paramref name="fd"/>: in the child, where the
    /// parent moved a socket it was given on 0 to 2 (which the child gets pipes on, as the parent's
    /// way of hearing from it), the moved copy; otherwise <paramref name="fd"/> itself.
    /// </summary>
    public static int? PassedSocket(int? fd) =>
        fd is int n && IsChild && Environment.GetEnvironmentVariable(MovedSocketPrefix + n.ToString(CultureInfo.InvariantCulture)) is string moved
            && int.TryParse(moved, NumberStyles.None, CultureInfo.InvariantCulture, out int copy) ? copy : fd;

    /// <summary>
    /// A socket on descriptor 0, 1 or 2 (socket = 0 in mandos.conf, say: upstream 1.8.18 keeps such a
    /// socket through daemon()) is copied above 2, inherited by the child, which is told its number.
    /// </summary>
    private static void MoveStandardStreamSockets(IDictionary<string, string?> environment)
    {
        for (int fd = 0; fd <= 2; fd++)
        {
            string? target = null;
            try
            {
                target = new FileInfo($"/proc/self/fd/{fd}").LinkTarget;
            }
            catch (IOException)
            {
            }
            if (target is not null && target.StartsWith("socket:", StringComparison.Ordinal))
            {
                int copy = Libc.Fcntl(fd, Libc.Duplicate, FirstAboveStandardStreams);
                if (copy >= 0)
                {
                    environment[MovedSocketPrefix + fd.ToString(CultureInfo.InvariantCulture)] = copy.ToString(CultureInfo.InvariantCulture);
                }
            }
        }
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
