using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Mandos.Core.Interop;
using Mandos.Testing.Waiting;

namespace Mandos.Integration.Tests.Harness;

/// <summary>
/// A program <see cref="ProcessRunner.Start"/> left running for the test: its output collected
/// line by line, each line an event a test can wait on, killed at dispose.
/// </summary>
public sealed class BackgroundProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private TaskCompletionSource _nextLine = NewLineEvent();
    private int _openStreams = 2;

    internal BackgroundProcess(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int Id => _process.Id;

    /// <summary>
    /// Completes when the program has exited, with no deadline of its own: for a program that
    /// bounds its own run (run.sh's TIMEOUT for a VM boot, longer than a wait's deadline).
    /// </summary>
    public Task Exited => _process.WaitForExitAsync();

    /// <summary>Sends SIGTERM, the polite stop (as systemd stops a service).</summary>
    public void Terminate() => _ = Libc.Kill(_process.Id, SignalNumber.Terminate);

    /// <summary>Waits for the program to exit and its last output line; its exit code.</summary>
    public async Task<int> WaitForExitAsync()
    {
        await Eventually.Happens(_process.WaitForExitAsync(), $"{_process.StartInfo.FileName} to exit", () => Output);
        return _process.ExitCode;
    }

    /// <summary>
    /// Waits, line by line, until the output holds a match of <paramref name="pattern"/>; fails
    /// at once when the program ends its output without one.
    /// </summary>
    public async Task<Match> WaitForOutputAsync(Regex pattern)
    {
        Match match = Match.Empty;
        await Eventually.Until(() =>
        {
            bool ended = Volatile.Read(ref _openStreams) == 0;
            match = pattern.Match(Output);
            return match.Success || (ended ? throw Ended(pattern) : false);
        }, NextLineAsync, $"a line like /{pattern}/ from {_process.StartInfo.FileName}", () => Output);
        return match;
    }

    /// <inheritdoc cref="WaitForOutputAsync(Regex)"/>
    public Task WaitForOutputAsync(string text) => WaitForOutputAsync(new Regex(Regex.Escape(text)));

    private InvalidOperationException Ended(Regex pattern) =>
        new($"{_process.StartInfo.FileName} ended its output without a line like /{pattern}/:\n{Output}");

    private Task NextLineAsync(CancellationToken cancel)
    {
        lock (_output)
        {
            return _nextLine.Task.WaitAsync(cancel);
        }
    }

    private static TaskCompletionSource NewLineEvent() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Append(string? line)
    {
        TaskCompletionSource arrived;
        lock (_output)
        {
            if (line is null)
            {
                _openStreams--;
            }
            else
            {
                _output.AppendLine(line);
            }
            arrived = _nextLine;
            _nextLine = NewLineEvent();
        }
        arrived.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
