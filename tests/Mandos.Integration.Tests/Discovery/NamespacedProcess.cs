using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.Discovery;

/// <summary>Servers of the discovery tests, each in its LAN host's namespace, listening on all addresses.</summary>
public static class NamespacedProcess
{
    /// <summary>Our mandos without Zeroconf on a fixed port (the test announces it).</summary>
    public static async Task<BackgroundProcess> OurServerAsync(LanHost host, string configDir, string stateDir, int port)
    {
        ServiceAccountDirectory.HandOver(stateDir);
        var server = BackgroundProcess.Start("ip", host.Exec(RepoPaths.Program("mandos"), "--foreground", "--debug", "--no-dbus",
            "--no-zeroconf", "--no-restore", "--port", port.ToString(), "--configdir", configDir, "--statedir", stateDir));
        await WaitListeningAsync(host, port, server);
        return server;
    }

    /// <summary>A server that accepts TCP connections and never says a word (the kernel completes the handshakes).</summary>
    public static async Task<BackgroundProcess> SilentListenerAsync(LanHost host, int port)
    {
        string script = $"import socket, time\ns = socket.create_server(('', {port}), family=socket.AF_INET6, dualstack_ipv6=True)\n"
            + "print('listening', flush=True)\ntime.sleep(3600)\n";
        var listener = BackgroundProcess.Start("ip", host.Exec("/usr/bin/python3", "-c", script));
        await WaitListeningAsync(host, port, listener);
        return listener;
    }

    private static async Task WaitListeningAsync(LanHost host, int port, BackgroundProcess process)
    {
        for (int i = 0; i < 200; i++)
        {
            var ss = await ProcessRunner.RunAsync("ip", host.Exec("ss", "-ltnH", $"sport = :{port}"), TimeSpan.FromSeconds(10));
            if (ss.StdoutText.Contains("LISTEN", StringComparison.Ordinal))
            {
                return;
            }
            await Task.Delay(100);
        }
        await process.DisposeAsync();
        throw new InvalidOperationException($"nothing listens on port {port} in {host.Namespace}:\n{process.Output}");
    }
}
