using System.Text.RegularExpressions;
using Mandos.Core.Interop;
using Mandos.Testing.Waiting;

namespace Mandos.Integration.Tests.Harness;

/// <summary>
/// Our published <c>mandos</c>, in the foreground with debug logging: on a loopback port the kernel
/// picks, read back from its log (<see cref="StartAsync(string, string, string[])"/>), announcing itself through Avahi
/// (<see cref="StartAnnouncingAsync"/>), on a fixed port in a namespace (<see cref="StartInAsync"/>),
/// or as given, through a wrapper such as <c>setpriv</c> and with its own environment (<see cref="Launch"/>).
/// </summary>
public sealed partial class OurServer : IMandosServer
{
    private readonly BackgroundProcess _process;

    private OurServer(BackgroundProcess process) => _process = process;

    public int Port { get; private set; }

    public string Name => "our mandos";

    public string Log => _process.Output;

    public bool HasExited => _process.HasExited;

    public int ProcessId => _process.Id;

    /// <summary>Waits for the server to exit by itself and for its last log line; its exit code.</summary>
    public Task<int> WaitForExitAsync() => _process.WaitForExitAsync();

    public static Task<OurServer> StartAsync(string configDir, string stateDir, params string[] extraArgs) =>
        StartAsync(configDir, stateDir, bus: null, extraArgs);

    /// <summary>With <paramref name="bus"/>, the server runs its D-Bus API on that private system bus.</summary>
    public static async Task<OurServer> StartAsync(string configDir, string stateDir, PrivateSystemBus? bus, params string[] extraArgs)
    {
        bool restore = extraArgs.Contains("--restore");
        string[] args = [bus is null ? "--no-dbus" : "", "--no-zeroconf", restore ? "" : "--no-restore",
            "--address", "127.0.0.1", "--port", "0", .. extraArgs.Where(a => a != "--restore")];
        OurServer server = Start([], configDir, stateDir, bus, args);
        await server.StartedAsync();
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
        OurServer server = Start(wrapper, configDir, stateDir, bus, ["--no-dbus", "--no-restore", .. extraArgs]);
        await server.StartedAsync();
        return server;
    }

    /// <summary>
    /// Our server without D-Bus, Zeroconf or saved state in <paramref name="ns"/>, on every address
    /// at <paramref name="port"/> (the test announces it, as a static Avahi service).
    /// </summary>
    public static async Task<OurServer> StartInAsync(NetworkNamespace ns, string configDir, string stateDir, int port)
    {
        OurServer server = Start(ns.ExecPrefix, configDir, stateDir, bus: null,
            ["--no-dbus", "--no-zeroconf", "--no-restore", "--port", port.ToString()]);
        server.Port = port;
        try
        {
            await Eventually.Until(async () =>
                (await ns.RunAsync("ss", ["-ltnH", $"sport = :{port}"], TimeSpan.FromSeconds(10))).StdoutText.Contains("LISTEN", StringComparison.Ordinal),
                $"our server to listen on port {port} in {ns.Name}", () => server.Log);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    /// <summary>
    /// Our server without D-Bus, Zeroconf or saved state, started through <paramref name="wrapper"/>
    /// (program and arguments put before the server's path, or empty) with <paramref name="environment"/>
    /// added, and otherwise only <paramref name="serverArgs"/>; not waited for, and its state
    /// directory left as the test made it.
    /// </summary>
    public static OurServer Launch(string[] wrapper, IDictionary<string, string> environment, params string[] serverArgs) =>
        Run([.. wrapper, RepoPaths.Program("mandos"), "--foreground", "--debug", "--no-dbus", "--no-zeroconf", "--no-restore", .. serverArgs],
            environment);

    /// <summary>
    /// Waits for the server's "Now listening on address …, port N" (logged once it listens: with
    /// --debug or debuglevel INFO) and takes N as <see cref="Port"/>: with <c>--port 0</c> or no port
    /// the kernel picks one nobody holds, so no test chooses a port first and binds it later.
    /// Fails at once, with the log, when the server ends first.
    /// </summary>
    public async Task<int> WaitListeningAsync() => Port = await ListeningPortAsync(_process);

    /// <summary><see cref="WaitListeningAsync"/> for a server started some other way (with --debug).</summary>
    public static async Task<int> ListeningPortAsync(BackgroundProcess server) =>
        int.Parse((await server.WaitForOutputAsync(ListeningLine())).Groups[1].Value);

    /// <summary><see cref="WaitListeningAsync"/> for the starters: on failure the server is stopped and the log reported.</summary>
    private async Task StartedAsync()
    {
        try
        {
            await WaitListeningAsync();
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            await DisposeAsync();
            throw new InvalidOperationException("our server did not start listening:\n" + Log);
        }
    }

    /// <summary>Sends SIGTERM, as systemd stops the service.</summary>
    public void Terminate() => _process.Terminate();

    /// <summary>Waits until a line of the log matches <paramref name="pattern"/>; fails at once when the server ends first.</summary>
    public Task<Match> WaitForLogAsync(Regex pattern) => _process.WaitForOutputAsync(pattern);

    /// <inheritdoc cref="WaitForLogAsync(Regex)"/>
    public Task WaitForLogAsync(string text) => _process.WaitForOutputAsync(text);

    private static OurServer Start(string[] wrapper, string configDir, string stateDir, PrivateSystemBus? bus, string[] args)
    {
        ServiceAccountDirectory.HandOver(stateDir);
        return Run([.. wrapper, RepoPaths.Program("mandos"), "--foreground", "--debug", "--configdir", configDir, "--statedir", stateDir,
            .. args.Where(a => a.Length > 0)], bus?.Environment.ToDictionary());
    }

    private static OurServer Run(string[] command, IDictionary<string, string>? environment) =>
        new(ProcessRunner.Start(command[0], command[1..], environment));

    [GeneratedRegex(@"Now listening on address .*, port (\d+)")]
    private static partial Regex ListeningLine();

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
