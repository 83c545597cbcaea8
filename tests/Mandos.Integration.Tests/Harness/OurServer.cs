using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Mandos.Core.Interop;

namespace Mandos.Integration.Tests.Harness;

/// <summary>Our <c>mandos</c>, in the foreground with debug logging, on a free loopback port.</summary>
public sealed partial class OurServer : IMandosServer
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private OurServer(Process process) => _process = process;

    public int Port { get; private set; }

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
        bool restore = extraArgs.Contains("--restore");
        string[] args = [bus is null ? "--no-dbus" : "", "--no-zeroconf", restore ? "" : "--no-restore",
            "--address", "127.0.0.1", "--port", port.ToString(), .. extraArgs.Where(a => a != "--restore")];
        OurServer server = Launch([], configDir, stateDir, bus, args);
        server.Port = port;
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

    /// <summary>
    /// Our server with Zeroconf on, as deployed: no --address or --port, so it listens on every
    /// address at a port the system picks and announces that one through the Avahi daemon on
    /// <paramref name="bus"/>; in <paramref name="ns"/> when given. <see cref="Port"/> is read back
    /// from its log. No D-Bus API (--no-dbus): the announcement does not depend on it.
    /// </summary>
    public static async Task<OurServer> StartAnnouncingAsync(NetworkNamespace? ns, string configDir, string stateDir, PrivateSystemBus bus,
        params string[] extraArgs)
    {
        string[] wrapper = ns is null ? [] : ns.ExecPrefix;
        OurServer server = Launch(wrapper, configDir, stateDir, bus, ["--no-dbus", "--no-restore", .. extraArgs]);
        try
        {
            Match listening = await server.WaitForLogAsync(ListeningLine(), TimeSpan.FromSeconds(20));
            server.Port = int.Parse(listening.Groups[1].Value);
        }
        catch (TimeoutException)
        {
            await server.DisposeAsync();
            throw new InvalidOperationException("our server did not start listening:\n" + server.Log);
        }
        return server;
    }

    /// <summary>Sends SIGTERM, as systemd stops the service.</summary>
    public void Terminate() => _ = Libc.Kill(_process.Id, SignalNumber.Terminate);

    /// <summary>Waits until a line of the log matches <paramref name="pattern"/>; <see cref="TimeoutException"/> otherwise.</summary>
    public async Task<Match> WaitForLogAsync(Regex pattern, TimeSpan limit)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            Match match = pattern.Match(Log);
            if (match.Success)
            {
                return match;
            }
            if (clock.Elapsed > limit || _process.HasExited)
            {
                string why = _process.HasExited ? $"the server exited ({_process.ExitCode})" : $"not within {limit.TotalSeconds} s";
                throw new TimeoutException($"no log line like /{pattern}/: {why}:\n{Log}");
            }
            await Task.Delay(50);
        }
    }

    private static OurServer Launch(string[] wrapper, string configDir, string stateDir, PrivateSystemBus? bus, string[] args)
    {
        ServiceAccountDirectory.HandOver(stateDir);
        string[] command = [.. wrapper, RepoPaths.Program("mandos"), "--foreground", "--debug", "--configdir", configDir, "--statedir", stateDir,
            .. args.Where(a => a.Length > 0)];
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string a in command[1..])
        {
            start.ArgumentList.Add(a);
        }
        if (bus is not null)
        {
            foreach ((string key, string value) in bus.Environment)
            {
                start.Environment[key] = value;
            }
        }
        var process = Process.Start(start)!;
        var server = new OurServer(process);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return server;
    }

    [GeneratedRegex(@"Now listening on address .*, port (\d+)")]
    private static partial Regex ListeningLine();

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
