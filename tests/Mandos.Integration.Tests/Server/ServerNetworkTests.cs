using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.Server;

/// <summary>Binding to an interface, and running as a daemon.</summary>
[Lane(Lane.Namespace)]
[Collection(KeySetsCollection.Name)]
public sealed class ServerNetworkTests(KeySetsFixture keys) : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task BindsToTheLoopbackInterface()
    {
        string conf = ClientsConf.Write(_dir.Sub("conf"), [keys.Debian.ClientSection]);
        await using OurServer server = await OurServer.StartAsync(conf, _dir.Sub("state"), "--interface", "lo");
        var run = await Clients.OursAsync(keys.Debian, server.Port, Limit);
        Assert.Equal(keys.Debian.Password, run.StdoutText);
        Assert.DoesNotContain("SO_BINDTODEVICE", server.Log);
    }

    [Fact]
    public async Task MissingInterfaceIsLoggedAndServingGoesOn()
    {
        string conf = ClientsConf.Write(_dir.Sub("conf"), [keys.Debian.ClientSection]);
        await using OurServer server = await OurServer.StartAsync(conf, _dir.Sub("state"), "--interface", "nosuchif0");
        var run = await Clients.OursAsync(keys.Debian, server.Port, Limit);
        Assert.Equal(keys.Debian.Password, run.StdoutText);
        Assert.Contains("SO_BINDTODEVICE to interface nosuchif0 failed", server.Log);
    }

    [Fact]
    public async Task WithoutForegroundItDetachesAndKeepsServing()
    {
        string conf = ClientsConf.Write(_dir.Sub("conf"), [keys.Debian.ClientSection]);
        var parent = await ProcessRunner.RunAsync(RepoPaths.Program("mandos"),
            ["--no-zeroconf", "--no-dbus", "--address", "127.0.0.1", "--port", "0", "--configdir", conf, .. ServiceAccountDirectory.PrivateStateArgs(_dir)], Limit);
        Assert.Equal(0, parent.ExitCode);
        Assert.False(parent.TimedOut, "the starting process should return once the daemon listens");
        int daemon = FindDaemon(conf);
        try
        {
            var run = await Clients.OursAsync(keys.Debian, ListeningPort(daemon), Limit);
            Assert.Equal(keys.Debian.Password, run.StdoutText);
        }
        finally
        {
            System.Diagnostics.Process.GetProcessById(daemon).Kill();
        }
    }

    [Fact]
    public async Task DaemonStartupErrorReachesTheTerminal()
    {
        string conf = ClientsConf.Write(_dir.Sub("conf"), [keys.Debian.ClientSection]);
        await using OurServer busy = await OurServer.StartAsync(conf, _dir.Sub("state"));
        var parent = await ProcessRunner.RunAsync(RepoPaths.Program("mandos"),
            ["--no-zeroconf", "--no-dbus", "--address", "127.0.0.1", "--port", busy.Port.ToString(), "--configdir", conf, .. ServiceAccountDirectory.PrivateStateArgs(_dir)], Limit);
        Assert.NotEqual(0, parent.ExitCode);
        Assert.Contains("mandos: ", parent.Stderr);
    }

    // The daemon: the mandos process whose command line names this test's own configuration directory.
    private static int FindDaemon(string configDir)
    {
        foreach (string proc in Directory.GetDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)))
        {
            try
            {
                string[] argv = File.ReadAllText(Path.Combine(proc, "cmdline")).Split('\0');
                if (argv[0] == RepoPaths.Program("mandos") && argv.Contains(configDir))
                {
                    return int.Parse(Path.GetFileName(proc));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
        throw new InvalidOperationException($"no mandos daemon runs with --configdir {configDir}");
    }

    // The port the process listens on: its sockets' inodes looked up in the kernel's TCP tables (as ss -p does).
    private static int ListeningPort(int pid)
    {
        HashSet<string> sockets = Directory.GetFiles($"/proc/{pid}/fd").Select(fd => new FileInfo(fd).LinkTarget)
            .Where(t => t is not null && t.StartsWith("socket:[", StringComparison.Ordinal)).Select(t => t!["socket:[".Length..^1]).ToHashSet();
        string local = File.ReadAllLines("/proc/net/tcp6").Concat(File.ReadAllLines("/proc/net/tcp")).Skip(1)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .First(f => f[3] == "0A" && sockets.Contains(f[9]))[1];
        return Convert.ToInt32(local[(local.LastIndexOf(':') + 1)..], 16);
    }
}
