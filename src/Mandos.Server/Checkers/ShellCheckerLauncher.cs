namespace Mandos.Server.Checkers;

/// <summary>
/// Runs checkers as upstream does (docs/compatibility.md, "Checkers"): <c>/bin/sh -c COMMAND</c> in "/", stdin
/// from /dev/null, output to /dev/null unless <c>--debug</c>, the server's environment, no
/// inherited descriptors beyond 0–2. Unlike upstream, each checker leads its own process group,
/// so stopping it kills everything it started. No thread waits on a checker.
/// </summary>
public sealed class ShellCheckerLauncher : ICheckerLauncher
{
    private static readonly TimeSpan DefaultKillGrace = TimeSpan.FromSeconds(1);

    private readonly bool _showOutput;
    private readonly TimeSpan _killGrace;

    /// <param name="showOutput">Let checkers write to the server's stdout and stderr (<c>--debug</c>).</param>
    public ShellCheckerLauncher(bool showOutput)
        : this(showOutput, DefaultKillGrace)
    {
    }

    /// <param name="killGrace">How long a stopped checker gets between SIGTERM and SIGKILL.</param>
    internal ShellCheckerLauncher(bool showOutput, TimeSpan killGrace)
    {
        _showOutput = showOutput;
        _killGrace = killGrace;
    }

    public IRunningChecker Start(string command)
    {
        ChildExitWatcher watcher = ChildExitWatcher.Shared; // before spawning: it may fail
        var checker = new ShellChecker(ShellSpawner.Spawn(command, _showOutput), _killGrace);
        checker.WatchExit(watcher);
        return checker;
    }
}
