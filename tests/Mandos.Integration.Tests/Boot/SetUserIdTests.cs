using System.Net.Sockets;
using System.Text;
using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.Boot;

/// <summary>
/// The multi-call executable installed set-user-ID root (as our package installs it, because
/// upstream installs mandos-client, askpass-fifo and the splash plugins so) and run by an
/// unprivileged user. Upstream's plugin-runner, password-prompt and password-agent are not
/// set-user-ID, so under those names ours must give the bit up: every id the caller's, seen from
/// outside in /proc/PID/task/*/status while the program waits, and in what it does (the plugins
/// plugin-runner starts never run as root, whatever --userid says). For contrast, askpass-fifo
/// opens its FIFO as root and only then drops to the caller, and mandos-client keeps root as its
/// saved set-user-ID, running with the caller's effective ids and taking root back for its
/// network hooks and interfaces, as upstream's do.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class SetUserIdTests : IAsyncLifetime
{
    // Not nobody: giving the bit up (the caller's ids) and plugin-runner's drop (65534) differ.
    private const string User = "4242";
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private static readonly string[] AsUser = ["setpriv", $"--reuid={User}", $"--regid={User}", "--clear-groups"];
    private static readonly List<string> CallerIdsOnly = [$"Gid: {User} {User} {User} {User}", $"Uid: {User} {User} {User} {User}"];
    private SetUserIdInstall _install = null!;

    public async Task InitializeAsync() => _install = await SetUserIdInstall.CreateAsync();

    public Task DisposeAsync()
    {
        _install.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A FIFO the test writes into to let a waiting program go on; anyone may read it.</summary>
    private async Task<string> ReleaseFifoAsync(string dir)
    {
        string fifo = Path.Combine(dir, "release");
        Assert.Equal(0, (await ProcessRunner.RunAsync("mkfifo", ["-m", "0666", fifo], Limit)).ExitCode);
        return fifo;
    }

    /// <summary>A root-owned script that records "PID PPID" in <paramref name="ready"/>, then prints what the FIFO gets.</summary>
    private static string WaitingScript(string path, string ready, string fifo)
    {
        File.WriteAllText(path, $"#!/bin/sh\necho \"$$ $PPID\" > {ready}.tmp\nmv {ready}.tmp {ready}\nexec cat {fifo}\n");
        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        return path;
    }

    private static async Task<(int Pid, int Parent)> WaitReadyAsync(string ready, Task<ProcessRunner.Result> running)
    {
        bool started = await ProcFs.WaitUntilAsync(() => File.Exists(ready) || running.IsCompleted, Limit);
        Assert.True(started && File.Exists(ready), running.IsCompleted ? $"it ended early: {(await running).Stderr}" : "it did not start");
        int[] pids = File.ReadAllText(ready).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
        return (pids[0], pids[1]);
    }

    [Fact]
    public async Task PluginRunnerGivesUpTheBitSoItsPluginsCannotRunAsRoot()
    {
        string shared = _install.Shared("shared");
        string fifo = await ReleaseFifoAsync(shared);
        string ready = Path.Combine(shared, "ready");
        var plugins = new TempDir();
        try
        {
            WaitingScript(Path.Combine(plugins.Sub("plugins.d"), "waiting"), ready, fifo);
            // --userid=0: what a set-user-ID runner that kept root would honour, making its plugins root
            Task<ProcessRunner.Result> running = ProcessRunner.RunAsync(AsUser[0],
                [.. AsUser[1..], _install.Program("plugin-runner"), $"--plugin-dir={Path.Combine(plugins.Path, "plugins.d")}",
                 "--config-file=/nonexistent/plugin-runner.conf", "--userid=0", "--groupid=0"], Limit, stdin: "");
            (int plugin, int runner) = await WaitReadyAsync(ready, running);
            List<string> runnerIds = ProcFs.Ids(runner);
            List<string> pluginIds = ProcFs.Ids(plugin);
            await File.WriteAllTextAsync(fifo, "the password").WaitAsync(Limit);
            ProcessRunner.Result run = await running;
            Assert.Equal(CallerIdsOnly, runnerIds);
            Assert.Equal(CallerIdsOnly, pluginIds);
            Assert.Equal(0, run.ExitCode);
            Assert.Equal("the password", run.StdoutText);
            Assert.Contains("plugin-runner: setgid(0): Operation not permitted", run.Stderr);
        }
        finally
        {
            plugins.Dispose();
        }
    }

    // Python's pty module plays the console: waits for the prompt, reads the program's ids
    // (every thread's) from /proc, then types. Prints the ids on the first line, "|"-separated,
    // and the exit status on the second.
    private const string Console = """
        import os, pty, subprocess, sys, time
        outfile, cmd = sys.argv[1], sys.argv[2:]
        master, slave = pty.openpty()
        with open(outfile, "wb") as out:
            p = subprocess.Popen(cmd, stdin=slave, stderr=slave, stdout=out, start_new_session=True)
        os.close(slave)
        seen = b""
        deadline = time.time() + 20
        while b": " not in seen and time.time() < deadline:
            seen += os.read(master, 1024)
        ids = set()
        for task in os.listdir(f"/proc/{p.pid}/task"):
            for line in open(f"/proc/{p.pid}/task/{task}/status"):
                if line.startswith(("Uid:", "Gid:")):
                    ids.add(" ".join(line.split()))
        print("|".join(sorted(ids)))
        os.write(master, b"typed secret\n")
        print(p.wait(timeout=10))
        """;

    [Fact]
    public async Task PasswordPromptGivesUpTheBitWhileItWaitsForTyping()
    {
        string output = Path.Combine(_install.Shared("out"), "stdout");
        ProcessRunner.Result run = await ProcessRunner.RunAsync("python3",
            ["-c", Console, output, .. AsUser, _install.Program("password-prompt")], Limit);
        Assert.False(run.TimedOut, run.Stderr);
        string[] lines = run.StdoutText.Split('\n');
        Assert.True(lines.Length >= 2, run.StdoutText + run.Stderr);
        Assert.Equal(CallerIdsOnly, lines[0].Split('|').ToList());
        Assert.Equal("0", lines[1]);
        Assert.Equal("typed secret", File.ReadAllText(output));
    }

    [Fact]
    public async Task PasswordAgentGivesUpTheBitAndSoDoesItsClient()
    {
        string agentDir = _install.Shared("ask-password");
        string shared = _install.Shared("shared");
        string fifo = await ReleaseFifoAsync(shared);
        string ready = Path.Combine(shared, "ready");
        string client = WaitingScript(Path.Combine(_install.Path, "client"), ready, fifo);
        string socketPath = Path.Combine(agentDir, "sck.vda2");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(socketPath));
        File.SetUnixFileMode(socketPath, (UnixFileMode)0b110_110_110);   // the agent, unprivileged, sends to it
        File.WriteAllText(Path.Combine(agentDir, "ask.vda2"), $"[Ask]\nPID={Environment.ProcessId}\nSocket={socketPath}\n");
        Task<ProcessRunner.Result> running = ProcessRunner.RunAsync(AsUser[0],
            [.. AsUser[1..], _install.Program("password-agent"), $"--agent-directory={agentDir}", "--", client], Limit);
        (int clientPid, int agent) = await WaitReadyAsync(ready, running);
        List<string> agentIds = ProcFs.Ids(agent);
        List<string> clientIds = ProcFs.Ids(clientPid);
        await File.WriteAllTextAsync(fifo, "agent pw").WaitAsync(Limit);
        socket.ReceiveTimeout = (int)Limit.TotalMilliseconds;
        byte[] answer = new byte[64];
        int n = socket.Receive(answer);
        ProcessRunner.Result run = await running;
        Assert.Equal(CallerIdsOnly, agentIds);
        Assert.Equal(CallerIdsOnly, clientIds);
        Assert.Equal("+agent pw\0", Encoding.UTF8.GetString(answer, 0, n));
        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public async Task AskpassFifoOpensItsFifoAsRootThenDropsToTheCaller()
    {
        // askpass-fifo set-user-ID ignores MANDOS_TEST_PASSFIFO: /lib/cryptsetup gets a tmpfs of
        // its own in a private mount namespace, reached from here through /proc/PID/root.
        string mountAndRun = "mount -t tmpfs -o mode=0755 mandos-test /lib/cryptsetup && exec \"$@\"";
        Task<ProcessRunner.Result> running = ProcessRunner.RunAsync("unshare",
            ["--mount", "--propagation", "private", "sh", "-c", mountAndRun, "-", .. AsUser, _install.Program("askpass-fifo")], Limit);
        string executable = _install.Program("mandos-client");
        int pid = 0;
        bool waiting = await ProcFs.WaitUntilAsync(() =>
        {
            pid = ProcFs.ByExecutable(executable).FirstOrDefault();
            return pid > 0 && File.Exists($"/proc/{pid}/root/lib/cryptsetup/passfifo") || running.IsCompleted;
        }, Limit);
        Assert.True(waiting && !running.IsCompleted, running.IsCompleted ? (await running).Stderr : "no passfifo");
        List<string> opening = ProcFs.Ids(pid);
        // (the open for writing waits for askpass-fifo's open for reading)
        await using (FileStream writer = await Task.Run(() =>
            new FileStream($"/proc/{pid}/root/lib/cryptsetup/passfifo", FileMode.Open, FileAccess.Write)).WaitAsync(Limit))
        {
            // the open ended askpass-fifo's; it drops its privileges before it reads
            Assert.True(await ProcFs.WaitUntilAsync(() => ProcFs.Ids(pid).SequenceEqual(CallerIdsOnly), Limit),
                "askpass-fifo kept " + string.Join(", ", ProcFs.Ids(pid)));
            await writer.WriteAsync("from cryptroot-unlock\n"u8.ToArray());
        }
        ProcessRunner.Result run = await running;
        Assert.Equal([$"Gid: {User} {User} {User} {User}", $"Uid: {User} 0 0 0"], opening);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("from cryptroot-unlock\n", run.StdoutText);
    }

    [Fact]
    public async Task MandosClientKeepsRootOnlyAsSavedIdAndTakesItBackForHooksAndInterfaces()
    {
        // Its keys belong to the unprivileged user, as the initramfs hook makes them.
        string keys = Path.Combine(_install.Path, "keys");
        // (small OpenPGP keys: it only loads them here, and 4096-bit ones take half a minute to make)
        KeySet keySet = await KeySet.MakeAsync(RepoPaths.Program("mandos-keygen"), keys, "setuid", "unused", "--length=1024", "--sublength=1024");
        Assert.Equal(0, (await ProcessRunner.RunAsync("chown", ["-R", $"{User}:{User}", keys], Limit)).ExitCode);
        string log = Path.Combine(_install.Shared("shared"), "hooks.log");
        var hooks = new TempDir();
        try
        {
            string hook = Path.Combine(hooks.Path, "record");
            File.WriteAllText(hook, $"#!/bin/sh\necho \"$MODE $(id -ru):$(id -u) $(id -rg):$(id -g)\" >> {log}\n");
            File.SetUnixFileMode(hook, (UnixFileMode)0b111_101_101);
            // Its own network namespace, where loopback starts down and nothing listens on port 1:
            // it brings lo up, then retries the connection until it is stopped.
            Task<ProcessRunner.Result> running = ProcessRunner.RunAsync("unshare",
                ["--net", .. AsUser, _install.Program("mandos-client"), "--connect=127.0.0.1:1", "--interface=lo", "--retry=1",
                 $"--network-hook-dir={hooks.Path}", $"--pubkey={keySet.PubKey}", $"--seckey={keySet.SecKey}",
                 $"--tls-pubkey={keySet.TlsPubKey}", $"--tls-privkey={keySet.TlsPrivKey}"], Limit);
            int pid = 0;
            bool retrying = await ProcFs.WaitUntilAsync(() =>
            {
                pid = ProcFs.ByExecutable(_install.Program("mandos-client")).FirstOrDefault();
                return pid > 0 && LoopbackIsUp(pid) || running.IsCompleted;
            }, Limit);
            Assert.True(retrying && !running.IsCompleted, running.IsCompleted ? (await running).Stderr : "lo was not brought up");
            List<string> waiting = ProcFs.Ids(pid);
            Assert.Equal(0, (await ProcessRunner.RunAsync("kill", ["-TERM", pid.ToString()], Limit)).ExitCode);
            ProcessRunner.Result run = await running;
            Assert.Equal([$"Gid: {User} {User} {User} {User}", $"Uid: {User} {User} 0 {User}"], waiting);
            Assert.Equal(128 + 15, run.ExitCode);
            Assert.Equal(["start 0:0 0:0", "stop 0:0 0:0"], File.ReadAllLines(log));
        }
        finally
        {
            hooks.Dispose();
        }
    }

    /// <summary>Whether lo is up in the network namespace of process <paramref name="pid"/>.</summary>
    private static bool LoopbackIsUp(int pid)
    {
        using var ip = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("nsenter",
            ["--net=/proc/" + pid + "/ns/net", "ip", "-o", "link", "show", "lo"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        string output = ip.StandardOutput.ReadToEnd();
        ip.WaitForExit();
        return ip.ExitCode == 0 && output.Contains(",UP", StringComparison.Ordinal);
    }
}
