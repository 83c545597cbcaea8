using System.Collections;
using Mandos.Core.Posix;

namespace Mandos.Server.Checkers;

/// <summary>
/// Starts <c>/bin/sh -c COMMAND</c> as upstream starts a checker: in a session and process
/// group of its own (so the whole checker can be killed at once, and no terminal reaches it),
/// cwd "/", stdin /dev/null, output to /dev/null unless --debug, no inherited descriptors (an
/// inherited listening socket must not leak into checkers), every signal at its default.
/// </summary>
internal static class ShellSpawner
{
    private const string Shell = "/bin/sh";

    /// <summary>Starts the shell; returns its pid, which is also its session and group id.</summary>
    public static int Spawn(string command, bool showOutput)
    {
        if (command.Contains('\0'))
        {
            throw new CheckerStartException("the checker command contains a NUL character");
        }
        // argv[0] as Python's subprocess gives it with shell=True.
        return ChildSpawner.Spawn(Shell, [Shell, "-c", command], CurrentEnvironment(), new SpawnOptions
        {
            NewSession = true,
            WorkingDirectory = "/",
            InputFromDevNull = true,
            OutputToDevNull = !showOutput,
            CloseOtherDescriptors = true,
        }).Pid;
    }

    /// <summary>The server's environment as .NET sees it (what Process.Start would pass on).</summary>
    private static List<string> CurrentEnvironment()
    {
        var entries = new List<string>();
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            entries.Add($"{entry.Key}={entry.Value}");
        }
        return entries;
    }
}
