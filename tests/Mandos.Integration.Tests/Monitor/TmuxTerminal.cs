using System.Text.RegularExpressions;
using Mandos.Integration.Tests.Harness;
using Mandos.Testing.Waiting;

namespace Mandos.Integration.Tests.Monitor;

/// <summary>
/// A terminal program running in a detached tmux session of a fixed size on a tmux server of the
/// test's own (its own socket, so no other tmux is touched): keys go in with send-keys, the screen
/// comes out with capture-pane.
/// </summary>
public sealed class TmuxTerminal : IAsyncDisposable
{
    public const int Columns = 120;
    public const int Rows = 30;
    private static readonly TimeSpan CommandLimit = TimeSpan.FromSeconds(10);
    private readonly TempDir _dir;
    private readonly string _socket;

    private TmuxTerminal(TempDir dir)
    {
        _dir = dir;
        _socket = Path.Combine(dir.Path, "tmux.sock");
    }

    /// <summary>Starts <paramref name="program"/> with the environment given (and a UTF-8 locale).</summary>
    public static async Task<TmuxTerminal> StartAsync(string program, IReadOnlyDictionary<string, string> environment)
    {
        var terminal = new TmuxTerminal(new TempDir("mandos-tmux-"));
        var args = new List<string> { "new-session", "-d", "-s", "monitor", "-x", Columns.ToString(), "-y", Rows.ToString(), "-e", "LANG=C.UTF-8" };
        foreach ((string key, string value) in environment)
        {
            args.AddRange(["-e", $"{key}={value}"]);
        }
        // Standard error goes to a file that failures show; the pane stays after the program exits.
        string errors = Path.Combine(terminal._dir.Path, "stderr");
        args.AddRange([$"exec '{program}' 2>'{errors}'", ";", "set-option", "-t", "monitor", "remain-on-exit", "on"]);
        await terminal.TmuxAsync([.. args]);
        return terminal;
    }

    /// <summary>The screen as text, one line per row.</summary>
    public async Task<string> CaptureAsync() => (await TmuxAsync("capture-pane", "-p", "-t", "monitor")).StdoutText;

    /// <summary>Types keys: text literally (e.g. "-", "a"), or tmux key names with <paramref name="literal"/> false (e.g. "Tab").</summary>
    public Task SendAsync(string keys, bool literal = true) =>
        literal ? TmuxAsync("send-keys", "-t", "monitor", "-l", "--", keys) : TmuxAsync("send-keys", "-t", "monitor", keys);

    /// <summary>Waits until the screen matches <paramref name="pattern"/> (multiline regex), polling it (tmux announces no change); fails with the last screen.</summary>
    public async Task<string> WaitForAsync(string pattern)
    {
        var regex = new Regex(pattern, RegexOptions.Multiline);
        string screen = "";
        try
        {
            await Eventually.Until(async () => regex.IsMatch(screen = await CaptureAsync()), $"the screen to show /{pattern}/",
                () => $"it showed:\n{screen}\nstandard error:\n{Errors()}");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(e.Message + "\n" + await ProgramStateAsync(), e);
        }
        return screen;
    }

    /// <summary>
    /// Waits until the program has ended: its pane is dead (tmux saw the terminal closed). Not the
    /// "Pane is dead" text: tmux writes that only once it has reaped the child, which a loaded
    /// tmux server was seen not to do for 30 s while the program was already a zombie.
    /// </summary>
    public async Task WaitForExitAsync()
    {
        try
        {
            await Eventually.Until(async () =>
                (await TmuxAsync("display-message", "-p", "-t", "monitor", "#{pane_dead}")).StdoutText.Trim() == "1", "the program to end");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}; the screen:\n{await CaptureAsync()}\n{await ProgramStateAsync()}", e);
        }
    }

    private string Errors() =>
        File.Exists(Path.Combine(_dir.Path, "stderr")) ? File.ReadAllText(Path.Combine(_dir.Path, "stderr")) : "";

    /// <summary>For a failure's message: whether the pane's program still runs, and in what state (ps STAT and WCHAN, its threads).</summary>
    private async Task<string> ProgramStateAsync()
    {
        ProcessRunner.Result pane = await ProcessRunner.RunAsync("tmux",
            ["-f", "/dev/null", "-S", _socket, "display-message", "-p", "-t", "monitor", "#{pane_pid} dead=#{pane_dead}"], CommandLimit);
        string pid = pane.StdoutText.Split(' ')[0].Trim();
        if (pid.Length == 0)
        {
            return "pane: " + pane.Stderr;
        }
        ProcessRunner.Result ps = await ProcessRunner.RunAsync("ps", ["-L", "-o", "pid,lwp,stat,wchan:24,comm", "-p", pid], CommandLimit);
        return $"pane: {pane.StdoutText.Trim()}\n{ps.StdoutText}";
    }

    private async Task<ProcessRunner.Result> TmuxAsync(params string[] args)
    {
        ProcessRunner.Result result = await ProcessRunner.RunAsync("tmux", ["-f", "/dev/null", "-S", _socket, .. args], CommandLimit);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"tmux {string.Join(' ', args)} failed ({result.ExitCode}): {result.Stderr}");
        }
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        await ProcessRunner.RunAsync("tmux", ["-S", _socket, "kill-server"], CommandLimit);
        _dir.Dispose();
    }
}
