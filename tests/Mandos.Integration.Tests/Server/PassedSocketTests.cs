using System.Globalization;
using System.Net.Sockets;
using Mandos.Integration.Tests.Harness;
using Mandos.Testing.Waiting;

namespace Mandos.Integration.Tests.Server;

/// <summary>
/// A listening socket handed to the server (<c>--socket FD</c>, or <c>socket = FD</c> in
/// mandos.conf, as socket activation does): served on, never closed by the server, never
/// inherited by a checker; and with D-Bus and Zeroconf both off, no D-Bus connection at all.
/// </summary>
[Lane(Lane.Namespace)]
[Collection(KeySetsCollection.Name)]
public sealed class PassedSocketTests(KeySetsFixture keys) : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);
    private const int CloseOnExec = 0x80000; // O_CLOEXEC in /proc/PID/fdinfo's octal flags

    // python3 (a dependency of Debian's mandos) binds 127.0.0.1 port 0, moves the socket to
    // descriptor argv[2] (or keeps its own number for -1), makes it inheritable, writes "PORT FD"
    // to argv[1] and runs argv[3:] with {fd} replaced by the number: as systemd would hand it over.
    // With LAUNCHER_UDP_ON=N it also puts an unrelated UDP socket on descriptor N and writes its
    // inode to argv[1].udp.
    private const string Launcher = """
        import socket, os, sys
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.bind(("127.0.0.1", 0))
        fd = s.fileno()
        if int(sys.argv[2]) >= 0:
            os.dup2(fd, int(sys.argv[2]))
            fd = int(sys.argv[2])
        os.set_inheritable(fd, True)
        extra = os.environ.get("LAUNCHER_UDP_ON")
        if extra:
            u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            os.dup2(u.fileno(), int(extra))
            with open(sys.argv[1] + ".udp", "w") as f:
                f.write(str(os.fstat(int(extra)).st_ino))
        with open(sys.argv[1] + ".tmp", "w") as f:
            f.write("%d %d" % (s.getsockname()[1], fd))
        os.rename(sys.argv[1] + ".tmp", sys.argv[1])
        args = [a.replace("{fd}", str(fd)) for a in sys.argv[3:]]
        os.execv(args[0], args)
        """;

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task SocketFromTheCommandLineIsServedKeptOpenAndNotGivenToCheckers() =>
        await ServeOnPassedSocketAsync(moveTo: -1, fromConfigFile: false);

    /// <summary>Upstream 1.8.18: a socket from mandos.conf on descriptor 0 to 2 is duplicated above 2, close-on-exec.</summary>
    [Fact]
    public async Task SocketFromMandosConfOnStandardInputIsServedKeptOpenAndNotGivenToCheckers() =>
        await ServeOnPassedSocketAsync(moveTo: 0, fromConfigFile: true);

    private async Task ServeOnPassedSocketAsync(int moveTo, bool fromConfigFile)
    {
        string checkerOut = _dir.Sub("checker");
        ServiceAccountDirectory.HandOver(checkerOut); // the checker runs as _mandos
        string listing = Path.Combine(checkerOut, "fds");
        string conf = ClientsConf.Write(_dir.Sub("conf"), [keys.Debian.ClientSection],
            $"checker = ls -l /proc/self/fd > {listing}.tmp && mv {listing}.tmp {listing}\ninterval = 1s\n");
        string[] socketArgs = ["--socket", "{fd}"];
        if (fromConfigFile)
        {
            File.WriteAllText(Path.Combine(conf, "mandos.conf"), $"[DEFAULT]\nsocket = {moveTo}\n");
            socketArgs = [];
        }
        string portFile = Path.Combine(_dir.Path, "port");
        await using BackgroundProcess server = ProcessRunner.Start("python3", ["-c", Launcher, portFile, moveTo.ToString(CultureInfo.InvariantCulture),
            RepoPaths.Program("mandos"), .. socketArgs, "--foreground", "--debug", "--no-zeroconf", "--no-dbus", "--configdir", conf,
            .. ServiceAccountDirectory.PrivateStateArgs(_dir)]);
        await Eventually.Until(() => File.Exists(portFile), "the launcher to bind the socket", () => server.Output);
        int[] portAndFd = File.ReadAllText(portFile).Split(' ').Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToArray();
        int port = portAndFd[0];
        int passed = portAndFd[1];
        Assert.Equal(port, await OurServer.ListeningPortAsync(server));

        var run = await Clients.OursAsync(keys.Debian, port, Limit);
        Assert.Equal(keys.Debian.Password, run.StdoutText);

        // The passed descriptor is still the socket; the server listens on a close-on-exec copy above 2.
        string socket = Link(server.Id, passed);
        Assert.StartsWith("socket:[", socket);
        List<int> copies = Descriptors(server.Id).Where(fd => fd != passed && Link(server.Id, fd) == socket).ToList();
        Assert.NotEmpty(copies);
        Assert.All(copies, fd => Assert.True(fd > 2 && (Flags(server.Id, fd) & CloseOnExec) != 0, $"descriptor {fd} of the server"));

        await Eventually.Until(() => File.Exists(listing), "a checker to list its descriptors", () => server.Output);
        string seen = File.ReadAllText(listing);
        Assert.Contains("/proc/", seen); // ls's own directory descriptor: the listing is real
        Assert.DoesNotContain("socket:", seen);
    }

    /// <summary>
    /// Without --foreground (the daemon is a second process of ours, started with pipes on 0 to
    /// 2), a socket from mandos.conf on standard input still reaches the daemon, as upstream
    /// 1.8.18 keeps it through daemon(): the daemon holds it once, above 2 and close-on-exec; a
    /// socket on another standard descriptor that no setting names (a UDP socket on standard
    /// output here) is not carried over; and the note of the move never reaches a checker.
    /// </summary>
    [Fact]
    public async Task SocketFromMandosConfOnStandardInputReachesTheDaemonInTheBackground()
    {
        string checkerOut = _dir.Sub("checker");
        ServiceAccountDirectory.HandOver(checkerOut); // the checker runs as _mandos
        string environment = Path.Combine(checkerOut, "environment");
        string conf = ClientsConf.Write(_dir.Sub("conf"), [keys.Debian.ClientSection],
            $"checker = env > {environment}.tmp && mv {environment}.tmp {environment}\ninterval = 1s\n");
        File.WriteAllText(Path.Combine(conf, "mandos.conf"), "[DEFAULT]\nsocket = 0\n");
        string portFile = Path.Combine(_dir.Path, "port");
        await using BackgroundProcess parent = ProcessRunner.Start("python3", ["-c", Launcher, portFile, "0",
            RepoPaths.Program("mandos"), "--no-zeroconf", "--no-dbus", "--configdir", conf, .. ServiceAccountDirectory.PrivateStateArgs(_dir)],
            new Dictionary<string, string> { ["LAUNCHER_UDP_ON"] = "1" });
        Assert.Equal(0, await parent.WaitForExitAsync());
        int port = int.Parse(File.ReadAllText(portFile).Split(' ')[0], CultureInfo.InvariantCulture);
        string unrelated = $"socket:[{File.ReadAllText(portFile + ".udp")}]";
        int daemon = ListenerOf(port);
        try
        {
            var run = await Clients.OursAsync(keys.Debian, port, Limit);
            Assert.Equal(keys.Debian.Password, run.StdoutText);
            string inode = File.ReadAllLines("/proc/net/tcp").Skip(1)
                .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .First(f => f[1] == "0100007F:" + port.ToString("X4", CultureInfo.InvariantCulture) && f[3] == "0A")[9];
            List<int> copies = Descriptors(daemon).Where(fd => Link(daemon, fd) == $"socket:[{inode}]").ToList();
            int only = Assert.Single(copies);
            Assert.True(only > 2 && (Flags(daemon, only) & CloseOnExec) != 0, $"descriptor {only} of the daemon");
            Assert.DoesNotContain(Descriptors(daemon), fd => Link(daemon, fd) == unrelated);

            await Eventually.Until(() => File.Exists(environment), "a checker to write its environment", () => "");
            string seen = File.ReadAllText(environment);
            Assert.Contains("PATH=", seen); // the listing is real
            Assert.DoesNotContain("MANDOS_DAEMON_SOCKET_FROM_FD", seen);
        }
        finally
        {
            ProcessRunner.Run(mustSucceed: false, "kill", daemon.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>
    /// Nothing may even connect to the system bus when both D-Bus and Zeroconf are off (upstream
    /// 1.8.17): the "bus" here is a socket of the test's own, which must never see a connection,
    /// neither while serving nor while shutting down. With D-Bus on, the same watch sees one.
    /// </summary>
    [Fact]
    public async Task WithDbusAndZeroconfOffNoBusConnectionIsMade()
    {
        string busDir = _dir.Sub("bus");
        File.SetUnixFileMode(busDir, (UnixFileMode)0b111_101_101);
        string busPath = Path.Combine(busDir, "system_bus_socket");
        using var bus = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        bus.Bind(new UnixDomainSocketEndPoint(busPath));
        bus.Listen(8);
        File.SetUnixFileMode(busPath, (UnixFileMode)0b111_111_111); // the server talks as _mandos
        var environment = new Dictionary<string, string> { ["DBUS_SYSTEM_BUS_ADDRESS"] = "unix:path=" + busPath };
        string conf = ClientsConf.Write(_dir.Sub("conf"), [keys.Debian.ClientSection]);
        string confOff = ClientsConf.Write(_dir.Sub("conf-off"), [keys.Debian.ClientSection]);
        File.WriteAllText(Path.Combine(confOff, "mandos.conf"), "[DEFAULT]\nuse_dbus = False\nzeroconf = no\naddress = 127.0.0.1\nport = 0\n");

        string[][] runs =
        [
            ["--no-dbus", "--no-zeroconf", "--address", "127.0.0.1", "--port", "0", "--configdir", conf],
            ["--configdir", confOff],
        ];
        for (int i = 0; i < runs.Length; i++)
        {
            await using BackgroundProcess server = ProcessRunner.Start(RepoPaths.Program("mandos"),
                ["--foreground", "--debug", .. runs[i], .. ServiceAccountDirectory.PrivateStateArgs(_dir)], environment);
            int port = await OurServer.ListeningPortAsync(server);
            var run = await Clients.OursAsync(keys.Debian, port, Limit);
            Assert.Equal(keys.Debian.Password, run.StdoutText);
            server.Terminate();
            Assert.Equal(0, await server.WaitForExitAsync());
            Assert.False(bus.Poll(0, SelectMode.SelectRead), $"the server connected to the bus with {string.Join(' ', runs[i])}\n{server.Output}");
        }

        // The control: with D-Bus on, the server does connect to this bus.
        await using BackgroundProcess withBus = ProcessRunner.Start(RepoPaths.Program("mandos"),
            ["--foreground", "--debug", "--no-zeroconf", "--address", "127.0.0.1", "--port", "0",
             "--configdir", conf, .. ServiceAccountDirectory.PrivateStateArgs(_dir)], environment);
        using Socket connection = await Eventually.Happens(bus.AcceptAsync(), "the server with D-Bus on to connect to the bus", () => withBus.Output);
        withBus.Terminate();
    }

    /// <summary>The process whose socket listens on 127.0.0.1:<paramref name="port"/> (from /proc, as ss -p finds it).</summary>
    private static int ListenerOf(int port)
    {
        string inode = File.ReadAllLines("/proc/net/tcp").Skip(1)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .First(f => f[1] == "0100007F:" + port.ToString("X4", CultureInfo.InvariantCulture) && f[3] == "0A")[9];
        foreach (string proc in Directory.GetDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(proc), out int pid))
            {
                try
                {
                    if (Descriptors(pid).Any(fd => Link(pid, fd) == $"socket:[{inode}]"))
                    {
                        return pid;
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                }
            }
        }
        throw new InvalidOperationException($"no process listens on port {port}");
    }

    private static List<int> Descriptors(int pid) =>
        Directory.GetFiles($"/proc/{pid}/fd").Select(f => int.Parse(Path.GetFileName(f), CultureInfo.InvariantCulture)).ToList();

    private static string Link(int pid, int fd) => new FileInfo($"/proc/{pid}/fd/{fd}").LinkTarget ?? "";

    private static int Flags(int pid, int fd) =>
        Convert.ToInt32(File.ReadLines($"/proc/{pid}/fdinfo/{fd}").First(l => l.StartsWith("flags:", StringComparison.Ordinal))["flags:".Length..].Trim(), 8);
}
