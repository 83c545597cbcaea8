using Mandos.Core.Interop;
using Mandos.Testing.Waiting;

namespace Mandos.Integration.Tests.Harness;

/// <summary>
/// Debian's real <c>mandos</c> (1.8.16), run by tools/real-mandos.sh on a loopback port the kernel
/// picks (the script binds port 0 and hands the socket over; the port is in DIR/port).
/// </summary>
public sealed class DebianServer : IMandosServer
{
    private readonly string _dir;

    private DebianServer(string dir, int port)
    {
        _dir = dir;
        Port = port;
    }

    public int Port { get; }

    public string Name => "Debian's mandos";

    /// <summary>Where the server saves <c>clients.pickle</c> when it stops.</summary>
    public string StateDirectory => Path.Combine(_dir, "state");

    public string Log => File.Exists(Path.Combine(_dir, "server.log")) ? File.ReadAllText(Path.Combine(_dir, "server.log")) : "";

    /// <summary>With <paramref name="bus"/>, the server runs its D-Bus API on that private system bus.</summary>
    public static Task<DebianServer> StartAsync(string workDir, string configDir, PrivateSystemBus? bus = null) =>
        StartAsync(workDir, configDir, bus, null);

    /// <summary>
    /// Debian's server announcing itself by Zeroconf through the Avahi daemon on <paramref name="bus"/>,
    /// as deployed (every address, IPv6), in <paramref name="ns"/>.
    /// </summary>
    public static Task<DebianServer> StartAnnouncingAsync(NetworkNamespace ns, string workDir, string configDir, PrivateSystemBus bus) =>
        StartAsync(workDir, configDir, bus, ns);

    private static async Task<DebianServer> StartAsync(string workDir, string configDir, PrivateSystemBus? bus, NetworkNamespace? ns)
    {
        DebianPackages.Require();
        var environment = new Dictionary<string, string> { ["PORT"] = "0" };
        if (bus is not null)
        {
            environment["BUS_ADDRESS"] = bus.Address;
        }
        string[] command = ["bash", Path.Combine(RepoPaths.Tools, "real-mandos.sh"), "server", workDir, configDir];
        if (ns is not null)
        {
            environment["ZEROCONF"] = "1";
            command = [.. ns.ExecPrefix, .. command];
        }
        var started = await ProcessRunner.RunAsync(command[0], command[1..], TimeSpan.FromSeconds(60), environment);
        string portFile = Path.Combine(workDir, "port");
        var server = new DebianServer(workDir, started.ExitCode == 0 ? int.Parse(File.ReadAllText(portFile)) : 0);
        if (started.ExitCode != 0)
        {
            await server.DisposeAsync();
            throw new InvalidOperationException($"Debian's server did not start: {started.Stderr}\n{server.Log}");
        }
        return server;
    }

    /// <summary>
    /// SIGTERM, as systemd stops it, and waits until it has exited: it saves its state
    /// (<see cref="StateDirectory"/>/clients.pickle) on the way out, with gpg, which takes a while.
    /// </summary>
    public async Task StopAsync()
    {
        int pid = int.Parse(File.ReadAllText(Path.Combine(_dir, "server.pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        _ = Libc.Kill(pid, SignalNumber.Terminate);
        await Eventually.Until(() => ProcFs.IsGone(pid), "Debian's server to exit after SIGTERM", () => Log);
    }

    public async ValueTask DisposeAsync() =>
        await ProcessRunner.RunAsync("bash", [Path.Combine(RepoPaths.Tools, "real-mandos.sh"), "stop", _dir], TimeSpan.FromSeconds(30));
}
