using System.Diagnostics;
using System.Text;

namespace Mandos.Integration.Tests.Harness;

/// <summary>A program left running for the test, its output collected, killed at dispose.</summary>
public sealed class BackgroundProcess : IAsyncDisposable
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

    public static BackgroundProcess Start(string file, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }
        var p = new BackgroundProcess(Process.Start(start)!);
        p._process.ErrorDataReceived += (_, e) => p.Append(e.Data);
        p._process.OutputDataReceived += (_, e) => p.Append(e.Data);
        p._process.BeginErrorReadLine();
        p._process.BeginOutputReadLine();
        return p;
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
