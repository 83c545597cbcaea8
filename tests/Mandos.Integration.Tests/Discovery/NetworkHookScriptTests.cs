using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.Discovery;

/// <summary>The shipped network hooks do their job in a namespace of the test's own.</summary>
[Lane(Lane.Namespace)]
public sealed class NetworkHookScriptTests
{
    private static string Hook(string name) => Path.Combine(RepoPaths.Root, "boot", "network-hooks.d", name);

    private static async Task<string> InNamespaceAsync(LanHost host, params string[] command) =>
        (await host.Namespace.RunAsync(command[0], command[1..], TimeSpan.FromSeconds(30))).StdoutText;

    [Fact]
    public async Task BridgeHookBuildsTheBridgeAndRemovesIt()
    {
        await using VirtualLan lan = await VirtualLan.CreateAsync();
        LanHost host = await lan.AddHostAsync(ipv4: null);
        string mac = (await InNamespaceAsync(host, "cat", $"/sys/class/net/{host.Link}/address")).Trim();
        var environment = new Dictionary<string, string>
        {
            ["BRIDGE"] = "brm0", ["PORT_ADDRESSES"] = mac.ToUpperInvariant(), ["IPADDRS"] = "192.0.2.3/24",
            ["ROUTES"] = "198.51.100.0/24,192.0.2.1", ["DELAY"] = "2.500000", ["VERBOSITY"] = "0",
        };

        var start = await host.Namespace.RunAsync(Hook("bridge"), ["start"], TimeSpan.FromSeconds(30), environment);
        Assert.Equal(0, start.ExitCode);
        Assert.Contains("master brm0", await InNamespaceAsync(host, "ip", "link", "show", host.Link));
        Assert.Contains("192.0.2.3/24", await InNamespaceAsync(host, "ip", "addr", "show", "brm0"));
        Assert.Contains("198.51.100.0/24 via 192.0.2.1", await InNamespaceAsync(host, "ip", "route"));

        var stop = await host.Namespace.RunAsync(Hook("bridge"), ["stop"], TimeSpan.FromSeconds(30), environment);
        Assert.Equal(0, stop.ExitCode);
        Assert.DoesNotContain("brm0", await InNamespaceAsync(host, "ip", "link"));
    }

    [Theory]
    [InlineData("bridge")]
    [InlineData("openvpn")]
    [InlineData("wireless")]
    public async Task UnconfiguredHookDoesNothing(string hook)
    {
        foreach (string mode in new[] { "start", "stop", "files", "modules" })
        {
            var run = await ProcessRunner.RunAsync(Hook(hook), [mode], TimeSpan.FromSeconds(10),
                new Dictionary<string, string> { ["MODE"] = mode, ["CONFIG"] = "/nonexistent" });
            Assert.Equal((0, "", ""), (run.ExitCode, run.StdoutText, run.Stderr));
        }
    }
}
