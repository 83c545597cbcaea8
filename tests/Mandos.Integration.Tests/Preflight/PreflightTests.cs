using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.Preflight;

/// <summary>
/// <c>mandos-keygen --test</c> against our real server on loopback, with key sets made by our
/// mandos-keygen and LUKS2 volumes in files: every way the next boot could fail is reported on its
/// own line with the exit status 1, and the passphrase appears in no output.
/// </summary>
[Lane(Lane.Namespace)]
[Collection(KeySetsCollection.Name)]
public sealed class PreflightTests(KeySetsFixture keys) : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);
    private readonly TempDir _dir = new("mandos-preflight-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task AllGoodExitsZeroWithAnOkLinePerCheck()
    {
        string disk = await LuksImage.CreateAsync(Path.Combine(_dir.Path, "disk.img"), keys.Ours.Password);
        await using OurServer server = await StartServerAsync(keys.Ours.ClientSection);

        ProcessRunner.Result run = await TestAsync(keys.Ours, server.Port, "--device", disk);

        Assert.True(run.ExitCode == 0, Describe(run, server));
        string output = run.StdoutText;
        Assert.Matches(@"(?m)^\[ ok \] keys: ", output);
        Assert.Matches(@"(?m)^\[ ok \] server: 127\.0\.0\.1:\d+ answered", output);
        Assert.Matches(@"(?m)^\[ ok \] secret: ", output);
        Assert.Matches($@"(?m)^\[ ok \] device: .*{System.Text.RegularExpressions.Regex.Escape(disk)}", output);
        Assert.Contains("a reboot now would unlock this machine", output);
        Assert.DoesNotContain("[FAIL]", output);
        await server.WaitForLogAsync("Sending secret to our-made");
        AssertNoPassphrase(run, keys.Ours.Password);
    }

    /// <summary>
    /// Started with SIGCHLD ignored (a parent may leave it so), the kernel would reap the probe and
    /// cryptsetup at once: their exit status lost, their process ids free for others. The test
    /// takes SIGCHLD back and works as always.
    /// </summary>
    [Fact]
    public async Task StartedWithChildSignalsIgnoredItStillWorks()
    {
        string disk = await LuksImage.CreateAsync(Path.Combine(_dir.Path, "disk.img"), keys.Ours.Password);
        await using OurServer server = await StartServerAsync(keys.Ours.ClientSection);

        ProcessRunner.Result run = await ProcessRunner.RunAsync("perl",
            ["-e", "$SIG{CHLD} = 'IGNORE'; exec @ARGV or die", RepoPaths.Program("mandos-keygen"), "--test", "--dir", keys.Ours.Directory,
                "--initramfs=", "--connect", $"127.0.0.1:{server.Port}", "--device", disk, "--timeout", "60"], Limit);

        Assert.True(run.ExitCode == 0, Describe(run, server));
        Assert.Matches(@"(?m)^\[ ok \] device: ", run.StdoutText);
    }

    [Fact]
    public async Task JsonSaysTheSameAsOneObject()
    {
        string disk = await LuksImage.CreateAsync(Path.Combine(_dir.Path, "disk.img"), keys.Ours.Password);
        await using OurServer server = await StartServerAsync(keys.Ours.ClientSection);

        ProcessRunner.Result run = await TestAsync(keys.Ours, server.Port, "--device", disk, "--json");

        Assert.True(run.ExitCode == 0, Describe(run, server));
        using JsonDocument json = JsonDocument.Parse(run.Stdout);
        Assert.True(json.RootElement.GetProperty("unlocks").GetBoolean());
        string[] checks = json.RootElement.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("check").GetString()!).ToArray();
        Assert.Equal(["keys", "initramfs", "server", "secret", "device"], checks);
        Assert.All(json.RootElement.GetProperty("checks").EnumerateArray(),
            c => Assert.True(c.GetProperty("status").GetString() is "ok" or "warning", c.ToString()));
        AssertNoPassphrase(run, keys.Ours.Password);
    }

    [Fact]
    public async Task AClientTheServerDisabledIsReportedWithItsKeyIdAndHowToEnableIt()
    {
        // The checker always fails: at the timeout the server disables the client.
        string section = keys.Ours.ClientSection + "checker = false\ninterval = PT1S\ntimeout = PT1S\n";
        await using OurServer server = await StartServerAsync(section, defaults: "");
        await server.WaitForLogAsync("Disabling client our-made after timeout");

        ProcessRunner.Result run = await TestAsync(keys.Ours, server.Port);

        Assert.Equal(1, run.ExitCode);
        Assert.Matches(@"(?m)^\[FAIL\] secret: 127\.0\.0\.1:\d+ refused this client \(key_id " + keys.Ours.KeyId.ToLowerInvariant(), run.StdoutText);
        Assert.Contains("disabled", run.StdoutText);
        Assert.Contains("mandos-ctl --enable", run.StdoutText);
        Assert.Contains("would NOT unlock", run.StdoutText);
        AssertNoPassphrase(run, keys.Ours.Password);
    }

    [Fact]
    public async Task ASecretEncryptedToAnotherKeyIsReported()
    {
        // Our key_id and fingerprint, but the secret of a section made for other keys.
        string section = WithSecretOf(keys.Ours.ClientSection, keys.Unknown.ClientSection);
        await using OurServer server = await StartServerAsync(section);

        ProcessRunner.Result run = await TestAsync(keys.Ours, server.Port);

        Assert.Equal(1, run.ExitCode);
        Assert.Matches(@"(?m)^\[FAIL\] secret: the secret 127\.0\.0\.1:\d+ sent does not decrypt: .*not encrypted to any key", run.StdoutText);
        Assert.Contains("mandos-keygen --password", run.StdoutText);
        AssertNoPassphrase(run, keys.Ours.Password);
        AssertNoPassphrase(run, keys.Unknown.Password);
    }

    [Fact]
    public async Task APassphraseThatDoesNotOpenTheDeviceNamesTheDevice()
    {
        string disk = await LuksImage.CreateAsync(Path.Combine(_dir.Path, "other.img"), "the disk's newer passphrase");
        await using OurServer server = await StartServerAsync(keys.Ours.ClientSection);

        ProcessRunner.Result run = await TestAsync(keys.Ours, server.Port, "--device", disk);

        Assert.Equal(1, run.ExitCode);
        Assert.Matches(@"(?m)^\[ ok \] secret: ", run.StdoutText);
        Assert.Matches($@"(?m)^\[FAIL\] device: .*{System.Text.RegularExpressions.Regex.Escape(disk)}", run.StdoutText);
        AssertNoPassphrase(run, keys.Ours.Password);
    }

    [Fact]
    public async Task KeyFilesOthersCanReadOrThatAreMissingAreReported()
    {
        string copy = _dir.Sub("keys");
        foreach (string file in Directory.GetFiles(keys.Ours.Directory))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }
        File.SetUnixFileMode(Path.Combine(copy, "seckey.txt"), (UnixFileMode)0b110_100_100);
        await using OurServer server = await StartServerAsync(keys.Ours.ClientSection);

        ProcessRunner.Result readable = await TestAsync(keys.Ours with { Directory = copy }, server.Port);
        File.Delete(Path.Combine(copy, "tls-pubkey.pem"));
        ProcessRunner.Result missing = await TestAsync(keys.Ours with { Directory = copy }, server.Port);

        Assert.Equal(1, readable.ExitCode);
        Assert.Matches($@"(?m)^\[FAIL\] keys: {System.Text.RegularExpressions.Regex.Escape(copy)}/seckey.txt is not private: owner uid 0, mode 0644 \(fix: chown root:root .* && chmod 600 ", readable.StdoutText);
        Assert.Equal(1, missing.ExitCode);
        Assert.Matches($@"(?m)^\[FAIL\] keys: {System.Text.RegularExpressions.Regex.Escape(copy)}/tls-pubkey.pem does not exist", missing.StdoutText);
        Assert.Matches(@"(?m)^\[FAIL\] server: not asked", missing.StdoutText);
        AssertNoPassphrase(readable, keys.Ours.Password);
    }

    [Fact]
    public async Task NoServerReachableIsReportedAndNothingIsAsked()
    {
        using Socket closed = RefusingPort(out int port);

        ProcessRunner.Result run = await TestAsync(keys.Ours, port);

        Assert.Equal(1, run.ExitCode);
        Assert.Matches($@"(?m)^\[FAIL\] server: could not talk to 127\.0\.0\.1:{port}: .*refused", run.StdoutText);
        Assert.Matches(@"(?m)^\[FAIL\] secret: ", run.StdoutText);
        Assert.Matches(@"(?m)^\[FAIL\] device: ", run.StdoutText);
    }

    [Fact]
    public async Task TheNetworkProbeTalksToTheServerAsNobodyNotRoot()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Task<ProcessRunner.Result> run = TestAsync(keys.Ours, port);

        using TcpClient accepted = await listener.AcceptTcpClientAsync();
        int peerPort = ((IPEndPoint)accepted.Client.RemoteEndPoint!).Port;
        uint owner = ProcFs.TcpSocketOwner(IPAddress.Loopback, peerPort)
            ?? throw new InvalidOperationException($"no socket for 127.0.0.1:{peerPort} in /proc/net/tcp");
        // The probe is the program's process that is not root's: every id, the groups, no capability, no new privileges.
        string[] statuses = ProcFs.ByExecutable(RepoPaths.Program("mandos-keygen"))
            .Select(pid => { try { return File.ReadAllText($"/proc/{pid}/status"); } catch (IOException) { return ""; } })
            .Where(s => s.Contains("\nUid:\t65534", StringComparison.Ordinal)).ToArray();
        accepted.Close();
        ProcessRunner.Result result = await run;

        Assert.Equal(65534u, owner);
        string status = Assert.Single(statuses);
        Assert.Contains("\nUid:\t65534\t65534\t65534\t65534\n", status, StringComparison.Ordinal);
        Assert.Contains("\nGid:\t65534\t65534\t65534\t65534\n", status, StringComparison.Ordinal);
        Assert.Contains("\nGroups:\t65534 \n", status, StringComparison.Ordinal);
        Assert.Contains("\nCapEff:\t0000000000000000\n", status, StringComparison.Ordinal);
        Assert.Contains("\nCapPrm:\t0000000000000000\n", status, StringComparison.Ordinal);
        Assert.Contains("\nNoNewPrivs:\t1\n", status, StringComparison.Ordinal);
        Assert.Equal(1, result.ExitCode);
    }

    /// <summary>
    /// The variable that makes the executable the network probe does nothing without the request
    /// its parent writes on descriptor 3: a root run of mandos-keygen with it set (sudo -E, a
    /// leftover in a shell) reads no key and asks no server, whatever the variable says.
    /// </summary>
    [Theory]
    [InlineData("3")]
    [InlineData("/etc/keys/mandos")]
    public async Task TheProbeVariableAloneReadsNoKeyAndPrintsNothing(string value)
    {
        await using OurServer server = await StartServerAsync(keys.Ours.ClientSection);

        ProcessRunner.Result run = await ProcessRunner.RunAsync(RepoPaths.Program("mandos-keygen"), ["--version"], Limit,
            new Dictionary<string, string>
            {
                ["MANDOS_KEYGEN_PROBE"] = value,
                ["MANDOS_KEYGEN_PROBE_CONNECT"] = $"127.0.0.1:{server.Port}",
                ["MANDOS_KEYGEN_PROBE_KEYS"] = keys.Ours.Directory,
            });

        Assert.NotEqual(0, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.Contains("MANDOS_KEYGEN_PROBE is set", run.Stderr);
        Assert.Contains("unset it", run.Stderr);
        Assert.DoesNotContain("Sending secret", server.Log);
        AssertNoPassphrase(run, keys.Ours.Password);
    }

    /// <summary>
    /// A compromised probe (here: code preloaded into it through an /etc/ld.so.preload seen only
    /// in a mount namespace of the test's) leaves a process that drops to nobody, leaves the
    /// probe's process group and keeps its stdout, the pipe to root, open for ever. The root side
    /// waits for the probe's exit, not for that pipe: it ends, says so, and believes nothing.
    /// </summary>
    [Fact]
    public async Task AnEscapedDescendantHoldingTheProbesOutputCannotHangTheTest()
    {
        string shim = Path.Combine(_dir.Path, "shim.c");
        string pidFile = Path.Combine(_dir.Path, "escaped.pid");
        await File.WriteAllTextAsync(shim, $$"""
            #define _GNU_SOURCE
            #include <fcntl.h>
            #include <grp.h>
            #include <stdio.h>
            #include <stdlib.h>
            #include <unistd.h>
            __attribute__((constructor)) static void escape(void) {
                if (!getenv("MANDOS_KEYGEN_PROBE") || fork() != 0) return;
                int fd = open("{{pidFile}}", O_WRONLY | O_CREAT | O_TRUNC, 0644);
                if (fd >= 0) { dprintf(fd, "%d\n", getpid()); close(fd); }
                gid_t g = 65534; setgroups(1, &g); setgid(65534); setuid(65534);
                setsid();
                for (int i = 3; i < 1024; i++) close(i);
                close(0); close(2);
                sleep(600);
                _exit(0);
            }
            """);
        ProcessRunner.Result built = await ProcessRunner.RunAsync("cc", ["-shared", "-fPIC", "-o", Path.Combine(_dir.Path, "shim.so"), shim], Limit);
        Assert.True(built.ExitCode == 0, built.Stderr);
        Directory.CreateDirectory(Path.Combine(_dir.Path, "upper"));
        Directory.CreateDirectory(Path.Combine(_dir.Path, "work"));
        await File.WriteAllTextAsync(Path.Combine(_dir.Path, "upper", "ld.so.preload"), Path.Combine(_dir.Path, "shim.so") + "\n");
        File.SetUnixFileMode(_dir.Path, (UnixFileMode)0b111_101_101);
        using Socket closed = RefusingPort(out int port);
        string script = $"mount -t overlay overlay -o lowerdir=/etc,upperdir={_dir.Path}/upper,workdir={_dir.Path}/work /etc && exec \"$@\"";

        ProcessRunner.Result run;
        try
        {
            run = await ProcessRunner.RunAsync("unshare", ["--mount", "--propagation", "private", "sh", "-c", script, "sh",
                RepoPaths.Program("mandos-keygen"), "--test", "--dir", keys.Ours.Directory, "--initramfs=", "--connect", $"127.0.0.1:{port}"], Limit);
        }
        finally
        {
            if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out int escaped))
            {
                ProcessRunner.Run(false, "kill", "-KILL", escaped.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        Assert.False(run.TimedOut, run.StdoutText);
        Assert.True(File.Exists(pidFile), $"the shim did not run in the probe:\n{run.StdoutText}\n{run.Stderr}");
        Assert.Equal(1, run.ExitCode);
        Assert.Matches(@"(?m)^\[FAIL\] server: the network probe exited but left a process behind that holds its output", run.StdoutText);
    }

    [Fact]
    public async Task UnderSystemdTroubleGoesToTheJournalAtWarningPriority()
    {
        using Socket closed = RefusingPort(out int port);
        // systemd sets JOURNAL_STREAM to the device and inode of the stream it gives as stdout.
        string script = "exec 3>&1; JOURNAL_STREAM=$(stat -L -c %d:%i /proc/$$/fd/3) exec \"$@\"";

        ProcessRunner.Result run = await ProcessRunner.RunAsync("sh",
            ["-c", script, "sh", RepoPaths.Program("mandos-keygen"), "--test", "--dir", keys.Ours.Directory, "--initramfs=",
                "--connect", $"127.0.0.1:{port}", "--timeout", "60"], Limit);

        Assert.Equal(1, run.ExitCode);
        Assert.Matches(@"(?m)^<6>\[ ok \] keys: ", run.StdoutText);
        Assert.Matches(@"(?m)^<4>\[FAIL\] server: ", run.StdoutText);
        Assert.Matches(@"(?m)^<4>mandos-keygen: a reboot now would NOT unlock", run.StdoutText);
    }

    [Fact]
    public async Task WithoutTheJournalNoPriorityPrefixes()
    {
        using Socket closed = RefusingPort(out int port);

        // A JOURNAL_STREAM inherited from elsewhere names another stream: ignored.
        ProcessRunner.Result run = await ProcessRunner.RunAsync(RepoPaths.Program("mandos-keygen"),
            ["--test", "--dir", keys.Ours.Directory, "--initramfs=", "--connect", $"127.0.0.1:{port}"], Limit,
            new Dictionary<string, string> { ["JOURNAL_STREAM"] = "1:2" });

        Assert.Equal(1, run.ExitCode);
        Assert.DoesNotContain("<4>", run.StdoutText);
        Assert.Matches(@"(?m)^\[FAIL\] server: ", run.StdoutText);
    }

    /// <summary>A loopback port bound but not listening: connections to it are refused for as long as the socket is held.</summary>
    private static Socket RefusingPort(out int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        return socket;
    }

    private Task<OurServer> StartServerAsync(string section, string defaults = "checker = true\n") =>
        OurServer.StartAsync(ClientsConf.Write(_dir.Sub("conf"), [section], defaults), _dir.Sub("state"));

    private static Task<ProcessRunner.Result> TestAsync(KeySet keySet, int port, params string[] more) =>
        ProcessRunner.RunAsync(RepoPaths.Program("mandos-keygen"),
            ["--test", "--dir", keySet.Directory, "--initramfs=", "--connect", $"127.0.0.1:{port}", "--timeout", "60", .. more], Limit);

    /// <summary><paramref name="section"/> with the secret lines of <paramref name="donor"/>.</summary>
    private static string WithSecretOf(string section, string donor)
    {
        static (string Head, string Secret) Split(string s)
        {
            int start = s.IndexOf("secret =", StringComparison.Ordinal);
            int end = s.IndexOf('\n', start);
            while (end + 1 < s.Length && (s[end + 1] == ' ' || s[end + 1] == '\t'))
            {
                end = s.IndexOf('\n', end + 1);
            }
            return (s[..start], s[start..(end + 1)]);
        }
        (string head, string ownSecret) = Split(section);
        (_, string secret) = Split(donor);
        return head + secret + section[(head.Length + ownSecret.Length)..];
    }

    private static void AssertNoPassphrase(ProcessRunner.Result run, string password)
    {
        Assert.DoesNotContain(password.Trim(), run.StdoutText, StringComparison.Ordinal);
        Assert.DoesNotContain(password.Trim(), run.Stderr, StringComparison.Ordinal);
    }

    private static string Describe(ProcessRunner.Result run, OurServer server) =>
        $"exit {run.ExitCode}\n--- stdout\n{run.StdoutText}\n--- stderr\n{run.Stderr}\n--- server\n{server.Log}";
}
