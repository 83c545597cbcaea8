using System.Diagnostics;
using System.Text;
using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.Hosting;

/// <summary>
/// Our published <c>mandos</c> in the foreground, started through an optional wrapper
/// (<c>setpriv</c>, <c>capsh</c>) and environment, with its PID at hand so a test can read
/// <c>/proc/PID/status</c>.
/// </summary>
public sealed class StartedServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private StartedServer(Process process) => _process = process;

    public int Pid => _process.Id;

    public Process Process => _process;

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <param name="wrapper">Program and arguments put before the server's path, or empty.</param>
    public static StartedServer Start(string[] wrapper, IDictionary<string, string> environment, params string[] serverArgs)
    {
        string[] command = [.. wrapper, RepoPaths.Program("mandos"), "--foreground", "--debug", "--no-dbus", "--no-zeroconf",
            "--no-restore", .. serverArgs];
        var start = new ProcessStartInfo(command[0]) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string a in command[1..])
        {
            start.ArgumentList.Add(a);
        }
        foreach ((string k, string v) in environment)
        {
            start.Environment[k] = v;
        }
        var server = new StartedServer(Process.Start(start)!);
        server._process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        server._process.OutputDataReceived += (_, e) => server.Append(e.Data);
        server._process.BeginErrorReadLine();
        server._process.BeginOutputReadLine();
        return server;
    }

    /// <summary>/proc/PID/task/TID/status of each thread alive now (thread-pool threads come and go).</summary>
    public IReadOnlyList<string[]> ThreadStatuses()
    {
        var statuses = new List<string[]>();
        foreach (string task in Directory.GetDirectories($"/proc/{Pid}/task"))
        {
            try
            {
                statuses.Add(File.ReadAllLines(Path.Combine(task, "status")));
            }
            catch (IOException)
            {
                // The thread ended between listing and reading.
            }
        }
        return statuses;
    }

    /// <summary>A field ("Uid", "Gid", "Groups") of a status file's lines, without its name.</summary>
    public static string StatusField(string[] status, string field) =>
        status.First(l => l.StartsWith(field + ":", StringComparison.Ordinal))[(field.Length + 1)..].Trim();

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
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
