using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.Discovery;

/// <summary>
/// Debian's real mandos in a LAN host's namespace, on all addresses, announcing itself through
/// the Avahi daemon on <paramref name="bus"/> as it does in production (tools/real-mandos.sh with
/// NETNS, ADDRESS empty and ZEROCONF=yes).
/// </summary>
public sealed class DebianServerInNamespace(string dir) : IAsyncDisposable
{
    public string Log => File.Exists(Path.Combine(dir, "server.log")) ? File.ReadAllText(Path.Combine(dir, "server.log")) : "";

    public static async Task<DebianServerInNamespace> StartAsync(LanHost host, string workDir, string configDir, int port, PrivateSystemBus bus)
    {
        DebianPackages.Require();
        var environment = new Dictionary<string, string>
        {
            ["PORT"] = port.ToString(),
            ["BUS_ADDRESS"] = bus.Address,
            ["NETNS"] = host.Namespace,
            ["ADDRESS"] = "",
            ["ZEROCONF"] = "yes",
        };
        var started = await ProcessRunner.RunAsync("bash", [Path.Combine(RepoPaths.Tools, "real-mandos.sh"), "server", workDir, configDir],
            TimeSpan.FromSeconds(60), environment);
        var server = new DebianServerInNamespace(workDir);
        if (started.ExitCode != 0)
        {
            await server.DisposeAsync();
            throw new InvalidOperationException($"Debian's server did not start: {started.Stderr}\n{server.Log}");
        }
        return server;
    }

    public async ValueTask DisposeAsync() =>
        await ProcessRunner.RunAsync("bash", [Path.Combine(RepoPaths.Tools, "real-mandos.sh"), "stop", dir], TimeSpan.FromSeconds(30));
}
