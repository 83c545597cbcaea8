namespace Mandos.Integration.Tests.Harness;

/// <summary>Debian's real <c>mandos</c> (1.8.16), run by tools/real-mandos.sh on a free loopback port.</summary>
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

    public string Log => File.Exists(Path.Combine(_dir, "server.log")) ? File.ReadAllText(Path.Combine(_dir, "server.log")) : "";

    /// <summary>With <paramref name="bus"/>, the server runs its D-Bus API on that private system bus.</summary>
    public static async Task<DebianServer> StartAsync(string workDir, string configDir, PrivateSystemBus? bus = null)
    {
        DebianPackages.Require();
        int port = FreePort.Next();
        var environment = new Dictionary<string, string> { ["PORT"] = port.ToString() };
        if (bus is not null)
        {
            environment["BUS_ADDRESS"] = bus.Address;
        }
        var started = await ProcessRunner.RunAsync("bash", [Path.Combine(RepoPaths.Tools, "real-mandos.sh"), "server", workDir, configDir],
            TimeSpan.FromSeconds(60), environment);
        var server = new DebianServer(workDir, port);
        if (started.ExitCode != 0)
        {
            await server.DisposeAsync();
            throw new InvalidOperationException($"Debian's server did not start: {started.Stderr}\n{server.Log}");
        }
        return server;
    }

    public async ValueTask DisposeAsync() =>
        await ProcessRunner.RunAsync("bash", [Path.Combine(RepoPaths.Tools, "real-mandos.sh"), "stop", _dir], TimeSpan.FromSeconds(30));
}
