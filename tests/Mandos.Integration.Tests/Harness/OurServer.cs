using System.Diagnostics;
using System.Text;

namespace Mandos.Integration.Tests.Harness;

/// <summary>Our <c>mandos</c>, in the foreground with debug logging, on a free loopback port.</summary>
public sealed class OurServer : IMandosServer
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private OurServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string Name => "our mandos";

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

    public bool HasExited => _process.HasExited;

    public int ProcessId => _process.Id;

    /// <summary>Waits for the server to exit by itself; its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan limit)
    {
        using var cts = new CancellationTokenSource(limit);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public static Task<OurServer> StartAsync(string configDir, string stateDir, params string[] extraArgs) =>
        StartAsync(configDir, stateDir, bus: null, extraArgs);

    /// <summary>With <paramref name="bus"/>, the server runs its D-Bus API on that private system bus.</summary>
    public static async Task<OurServer> StartAsync(string configDir, string stateDir, PrivateSystemBus? bus, params string[] extraArgs)
    {
        int port = FreePort.Next();
        ServiceAccountDirectory.HandOver(stateDir);
        var start = new ProcessStartInfo(RepoPaths.Program("mandos"))
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (bus is not null)
        {
            foreach ((string key, string value) in bus.Environment)
            {
                start.Environment[key] = value;
            }
        }
        bool restore = extraArgs.Contains("--restore");
        foreach (string a in new[] { "--foreground", "--debug", bus is null ? "--no-dbus" : "", "--no-zeroconf", restore ? "" : "--no-restore",
                     "--address", "127.0.0.1", "--port", port.ToString(), "--configdir", configDir, "--statedir", stateDir }
                     .Concat(extraArgs.Where(a => a != "--restore")).Where(a => a.Length > 0))
        {
            start.ArgumentList.Add(a);
        }
        var process = Process.Start(start)!;
        var server = new OurServer(process, port);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            await FreePort.WaitListeningAsync(port, TimeSpan.FromSeconds(20));
        }
        catch
        {
            await server.DisposeAsync();
            throw new InvalidOperationException("our server did not start listening:\n" + server.Log);
        }
        return server;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            _log.AppendLine(line);
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
