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
        int port = FreePort.Next();
        var parent = await ProcessRunner.RunAsync(RepoPaths.Program("mandos"),
            ["--no-zeroconf", "--no-dbus", "--address", "127.0.0.1", "--port", port.ToString(), "--configdir", conf, .. ServiceAccountDirectory.PrivateStateArgs(_dir)], Limit);
        Assert.Equal(0, parent.ExitCode);
        Assert.False(parent.TimedOut, "the starting process should return once the daemon listens");
        int daemon = FindListener(port);
        try
        {
            var run = await Clients.OursAsync(keys.Debian, port, Limit);
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

    // The daemon's PID: the process whose socket listens on the port (from /proc, as ss -p does).
    private static int FindListener(int port)
    {
        string hexPort = port.ToString("X4");
        string inode = File.ReadAllLines("/proc/net/tcp6").Concat(File.ReadAllLines("/proc/net/tcp")).Skip(1)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .First(f => f[1].EndsWith(":" + hexPort, StringComparison.Ordinal) && f[3] == "0A")[9];
        foreach (string proc in Directory.GetDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)))
        {
            try
            {
                if (Directory.GetFiles(Path.Combine(proc, "fd")).Any(fd => new FileInfo(fd).LinkTarget == $"socket:[{inode}]"))
                {
                    return int.Parse(Path.GetFileName(proc));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
        throw new InvalidOperationException($"no process listens on port {port}");
    }
}
