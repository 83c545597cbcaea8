using System.Diagnostics;
using System.Text;
using Mandos.Core.Interop;

namespace Mandos.Integration.Tests.Harness;

/// <summary>A program left running for the test, its output collected, killed at dispose.</summary>
public sealed partial class BackgroundProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private BackgroundProcess(Process process) => _process = process;

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

    public static BackgroundProcess Start(string file, IEnumerable<string> args, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }
        foreach ((string key, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        var p = new BackgroundProcess(Process.Start(start)!);
        p._process.ErrorDataReceived += (_, e) => p.Append(e.Data);
        p._process.OutputDataReceived += (_, e) => p.Append(e.Data);
        p._process.BeginErrorReadLine();
        p._process.BeginOutputReadLine();
        return p;
    }

    /// <summary>Sends SIGTERM, the polite stop.</summary>
    public void Terminate() => _ = Libc.Kill(_process.Id, SignalNumber.Terminate);

    /// <summary>Waits for the program to exit; its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan limit)
    {
        using var cts = new CancellationTokenSource(limit);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
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
