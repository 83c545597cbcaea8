using System.Net.Sockets;
using Mandos.Integration.Tests.Harness;
using Mandos.Testing.Waiting;

namespace Mandos.Integration.Tests.Server;

/// <summary>The server's command line, configuration errors and exit codes, as upstream's (minus its crashes).</summary>
[Lane(Lane.Namespace)]
[Collection(KeySetsCollection.Name)]
public sealed class ServerStartupTests(KeySetsFixture keys) : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Task<ProcessRunner.Result> Mandos(params string[] args) =>
        ProcessRunner.RunAsync(RepoPaths.Program("mandos"), args, Limit);

    [Fact]
    public async Task VersionIsUpstreams()
    {
        var run = await Mandos("--version");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("mandos 1.8.18", run.StdoutText.Trim());
    }

    [Fact]
    public async Task UnknownOptionIsUsageErrorExit2()
    {
        var run = await Mandos("--no-such-option");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("unrecognized option '--no-such-option'", run.Stderr);
    }

    [Fact]
    public async Task WithoutZeroconfAPortIsNeeded()
    {
        var run = await Mandos("--no-zeroconf", "--foreground", "--configdir", _dir.Path);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Needs port or socket to work without Zeroconf", run.Stderr);
    }

    [Fact]
    public async Task SyntaxErrorInClientsConfStopsWithFileAndLine()
    {
        string conf = _dir.Sub("conf");
        File.WriteAllText(Path.Combine(conf, "clients.conf"), "[DEFAULT]\nchecker = true\nthis line is not an option\n");
        var run = await Mandos("--foreground", "--no-zeroconf", "--no-dbus", "--port", "0", "--configdir", conf);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("clients.conf:3", run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr);
    }

    [Fact]
    public async Task BadValueInMandosConfStopsNamingTheKey()
    {
        string conf = _dir.Sub("conf");
        File.WriteAllText(Path.Combine(conf, "mandos.conf"), "[DEFAULT]\nuse_ipv6 = perhaps\n");
        var run = await Mandos("--foreground", "--no-zeroconf", "--port", "1", "--configdir", conf);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("mandos.conf", run.Stderr);
        Assert.Contains("use_ipv6", run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr);
    }

    [Fact]
    public async Task BrokenClientSectionIsSkippedAndOthersAreServed()
    {
        string broken = "[broken]\nkey_id = ABCDEF\nsecret = AAAA\ntimeout = soon\n";
        string noSecret = "[no-secret]\nkey_id = 0123\n";
        string conf = ClientsConf.Write(_dir.Sub("conf"), [broken, noSecret, keys.Debian.ClientSection]);
        await using OurServer server = await OurServer.StartAsync(conf, _dir.Sub("state"));
        var run = await Clients.OursAsync(keys.Debian, server.Port, Limit);
        Assert.Equal(keys.Debian.Password, run.StdoutText);
        Assert.Contains("[broken] timeout", server.Log);
        Assert.Contains("[no-secret]", server.Log);
        Assert.Contains("client skipped", server.Log);
    }

    [Fact]
    public async Task ListensDualStackByDefault()
    {
        string conf = ClientsConf.Write(_dir.Sub("conf"), [keys.Debian.ClientSection]);
        // --port 0 and no --address: every address, IPv6 and IPv4, at a port the kernel picks.
        await using OurServer server = OurServer.Launch([], new Dictionary<string, string>(),
            ["--port", "0", "--configdir", conf, .. ServiceAccountDirectory.PrivateStateArgs(_dir)]);
        int port = await server.WaitListeningAsync();
        Assert.Contains($"Now listening on address ::, port {port}", server.Log);
        var v4 = await ProcessRunner.RunAsync(RepoPaths.Program("mandos-client"),
            [$"--connect=127.0.0.1:{port}", .. KeyArgs(keys.Debian)], Limit);
        var v6 = await ProcessRunner.RunAsync(RepoPaths.Program("mandos-client"),
            [$"--connect=[::1]:{port}", .. KeyArgs(keys.Debian)], Limit);
        Assert.Equal(keys.Debian.Password, v4.StdoutText);
        Assert.Equal(keys.Debian.Password, v6.StdoutText);
    }

    [Fact]
    public async Task ServesOnAnInheritedSocket()
    {
        string conf = ClientsConf.Write(_dir.Sub("conf"), [keys.Debian.ClientSection]);
        // python3 (a dependency of Debian's mandos) makes an inheritable socket, bound to a port the
        // kernel picks, as systemd would; the server listens on it and logs the port.
        string launcher = """
            import socket, os, sys
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind(("127.0.0.1", 0))
            os.set_inheritable(s.fileno(), True)
            os.execv(sys.argv[1], [sys.argv[1], "--socket", str(s.fileno())] + sys.argv[2:])
            """;
        await using OurServer server = OurServer.Launch(["python3", "-c", launcher], new Dictionary<string, string>(),
            ["--configdir", conf, .. ServiceAccountDirectory.PrivateStateArgs(_dir)]);
        int port = await server.WaitListeningAsync();
        var run = await ProcessRunner.RunAsync(RepoPaths.Program("mandos-client"), [$"--connect=127.0.0.1:{port}", .. KeyArgs(keys.Debian)], Limit);
        Assert.Equal(keys.Debian.Password, run.StdoutText);
    }

    [Fact]
    public async Task DebugLogsNeverContainTheSecret()
    {
        string conf = ClientsConf.Write(_dir.Sub("conf"), [keys.Debian.ClientSection]);
        await using OurServer server = await OurServer.StartAsync(conf, _dir.Sub("state"));
        var run = await Clients.OursAsync(keys.Debian, server.Port, Limit, "--debug");
        Assert.Equal(keys.Debian.Password, run.StdoutText);
        string secretLine = keys.Debian.ClientSection.Split('\n').SkipWhile(l => !l.StartsWith("secret", StringComparison.Ordinal)).ElementAt(1).Trim();
        foreach (string log in new[] { server.Log, run.Stderr })
        {
            Assert.DoesNotContain(keys.Debian.Password.Trim(), log);
            Assert.DoesNotContain(secretLine[..20], log);
        }
        Assert.Contains("Sending secret to debian-made", server.Log);
    }

    [Fact]
    public async Task ClientsConfReadableByOthersIsWarnedAbout()
    {
        string conf = ClientsConf.Write(_dir.Sub("conf"), [keys.Debian.ClientSection]);
        string clients = Path.Combine(conf, "clients.conf");
        await using (OurServer server = await OurServer.StartAsync(conf, _dir.Sub("state")))
        {
            Assert.Contains($"{clients} holds the clients' secrets but is readable by group or others (mode 0644)", server.Log);
        }
        File.SetUnixFileMode(clients, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await using (OurServer server = await OurServer.StartAsync(conf, _dir.Sub("state")))
        {
            Assert.DoesNotContain("readable by group or others", server.Log);
        }
    }

    [Fact]
    public async Task SighupAndSigtermSaveStateAndExitCleanly()
    {
        string conf = ClientsConf.Write(_dir.Sub("conf"), [keys.Debian.ClientSection]);
        foreach (string signal in new[] { "HUP", "TERM", "INT" })
        {
            string state = _dir.Sub("state-" + signal);
            ServiceAccountDirectory.HandOver(state);
            // systemd's readiness message: sent once a signal would be handled (listening comes earlier).
            string notify = Path.Combine(_dir.Path, "notify-" + signal);
            using var systemd = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            systemd.Bind(new UnixDomainSocketEndPoint(notify));
            File.SetUnixFileMode(notify, (UnixFileMode)0b111_111_111);
            await using OurServer server = OurServer.Launch([], new Dictionary<string, string> { ["NOTIFY_SOCKET"] = notify },
                "--address", "127.0.0.1", "--port", "0", "--configdir", conf, "--statedir", state);
            await Eventually.Happens(systemd.ReceiveAsync(new byte[4096], SocketFlags.None), "the server to be ready", () => server.Log);
            File.Delete(Path.Combine(state, "clients.json"));
            ProcessRunner.Run(mustSucceed: true, "kill", $"-{signal}", server.ProcessId.ToString());
            Assert.Equal(0, await server.WaitForExitAsync());
            Assert.True(File.Exists(Path.Combine(state, "clients.json")), $"no state saved on SIG{signal}");
            Assert.Contains("Server exiting", server.Log);
        }
    }

    [Fact]
    public async Task SecfileIsReadAfterDroppingPrivileges()
    {
        string secfile = Path.Combine(_dir.Path, "secret.bin");
        File.WriteAllBytes(secfile, SecretBytes(keys.Debian.ClientSection));
        File.SetUnixFileMode(secfile, UnixFileMode.UserRead | UnixFileMode.UserWrite); // root only
        string section = string.Join('\n', keys.Debian.ClientSection.Split('\n')
            .TakeWhile(l => !l.StartsWith("secret", StringComparison.Ordinal))) + $"\nsecfile = {secfile}\n";
        string conf = ClientsConf.Write(_dir.Sub("conf"), [section]);
        await using (OurServer server = await OurServer.StartAsync(conf, _dir.Sub("state")))
        {
            Assert.Contains("[debian-made] secfile", server.Log);
            Assert.Contains("client skipped", server.Log);
        }
        ServiceAccountDirectory.HandOver(Path.GetDirectoryName(secfile)!); // now _mandos's
        ProcessRunner.Run(mustSucceed: true, "chown", "_mandos", secfile);
        await using (OurServer server = await OurServer.StartAsync(conf, _dir.Sub("state2")))
        {
            var run = await Clients.OursAsync(keys.Debian, server.Port, Limit);
            Assert.Equal(keys.Debian.Password, run.StdoutText);
        }
    }

    private static byte[] SecretBytes(string section) =>
        Convert.FromBase64String(string.Concat(section.Split('\n')
            .SkipWhile(l => !l.StartsWith("secret", StringComparison.Ordinal)).Skip(1)
            .TakeWhile(l => l.StartsWith("    ", StringComparison.Ordinal)).Select(l => l.Trim())));

    [Fact]
    public async Task MissingStateDirectoryIsCreatedForTheServiceAccount()
    {
        string conf = ClientsConf.Write(_dir.Sub("conf"), [keys.Debian.ClientSection]);
        string state = Path.Combine(_dir.Path, "var-lib-mandos");
        await using OurServer server = OurServer.Launch([], new Dictionary<string, string>(),
            "--address", "127.0.0.1", "--port", "0", "--configdir", conf, "--statedir", state);
        await server.WaitListeningAsync();
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(state));
        var owner = await ProcessRunner.RunAsync("stat", ["-c", "%U", state], Limit);
        Assert.Equal("_mandos", owner.StdoutText.Trim());
        await Eventually.Until(() => File.Exists(Path.Combine(state, "clients.json")), "the server to save clients.json", () => server.Log);
    }

    [Fact]
    public async Task SelfCheckPasses()
    {
        var run = await Mandos("--check");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("All self-checks passed", run.StdoutText);
    }

    private static string[] KeyArgs(KeySet k) =>
        [$"--pubkey={k.PubKey}", $"--seckey={k.SecKey}", $"--tls-pubkey={k.TlsPubKey}", $"--tls-privkey={k.TlsPrivKey}"];
}
