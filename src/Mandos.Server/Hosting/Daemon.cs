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
    /// <param name="args">the command line, given to the child as it is</param>
    /// <param name="socket">the passed socket the settings name (<c>--socket</c> or <c>socket</c> in mandos.conf), if any</param>
    public static int StartChild(IReadOnlyList<string> args, int? socket)
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
        foreach (string stale in start.Environment.Keys.Where(k => k.StartsWith(MovedSocketPrefix, StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(stale);
        }
        using Process child = Start(start, MoveStandardStreamSocket(socket, start.Environment));
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

    // Starts the child, then closes the parent's copy of a moved socket: the child has its own.
    private static Process Start(ProcessStartInfo start, int? moved)
    {
        try
        {
            return Process.Start(start)!;
        }
        finally
        {
            if (moved is int copy)
            {
                _ = Libc.Close(copy);
            }
        }
    }

    /// <summary>
    /// The descriptor to use for a passed-in socket <paramref name="fd"/>: in the child, where the
    /// parent moved a socket it was given on 0 to 2 (which the child gets pipes on, as the parent's
    /// way of hearing from it), the moved copy, which is ours to close (<c>Owned</c>); otherwise
    /// <paramref name="fd"/> itself. The child's note of the move leaves its environment here, so
    /// checkers never see it.
    /// </summary>
    public static (int? Fd, bool Owned) PassedSocket(int? fd)
    {
        if (!IsChild)
        {
            return (fd, false);
        }
        string? moved = fd is int n ? Environment.GetEnvironmentVariable(MovedSocketPrefix + n.ToString(CultureInfo.InvariantCulture)) : null;
        foreach (string name in Environment.GetEnvironmentVariables().Keys.Cast<string>()
                     .Where(k => k.StartsWith(MovedSocketPrefix, StringComparison.Ordinal)).ToList())
        {
            Environment.SetEnvironmentVariable(name, null);
        }
        return moved is not null && int.TryParse(moved, NumberStyles.None, CultureInfo.InvariantCulture, out int copy) ? (copy, true) : (fd, false);
    }

    /// <summary>
    /// The passed socket the settings name, when it is on descriptor 0, 1 or 2 (socket = 0 in
    /// mandos.conf, say: upstream 1.8.18 keeps such a socket through daemon()), is copied above 2
    /// for the child to inherit, which is told its number. Any other descriptor is left alone: the
    /// child inherits a passed socket above 2 as it is, and nothing else is passed on.
    /// </summary>
    /// <returns>the parent's copy, to close once the child has started</returns>
    private static int? MoveStandardStreamSocket(int? socket, IDictionary<string, string?> environment)
    {
        if (socket is not (int fd and >= 0 and <= 2))
        {
            return null;
        }
        int copy = Libc.Fcntl(fd, Libc.Duplicate, FirstAboveStandardStreams);
        if (copy < 0)
        {
            return null; // the child then finds no socket there and says so
        }
        environment[MovedSocketPrefix + fd.ToString(CultureInfo.InvariantCulture)] = copy.ToString(CultureInfo.InvariantCulture);
        return copy;
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
