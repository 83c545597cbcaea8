using Mandos.Integration.Tests.Harness;
using Mandos.Testing.Waiting;

namespace Mandos.Integration.Tests.Security;

/// <summary>
/// Our programs as the boot runs them: plugin-runner started by root (cryptsetup's keyscript)
/// from the installed layouts, plugins as uid 4242. mandos-client's root side alone keeps root
/// (effective; its network hooks run as root in every id);
/// its network side has no root in any id of any thread; network hooks run as root from the
/// opened file with a fixed environment, whatever environment plugin-runner had; askpass-fifo
/// opens cryptsetup's FIFO with effective root, then drops to the user.
/// </summary>
[Lane(Lane.Namespace)]
[Collection(InstalledLayoutsCollection.Name)]
public sealed class PrivilegeSeparationTests(InstalledLayouts layouts)
{
    private const string User = "4242";
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private static readonly List<string> UserOnly = [$"Gid: {User} {User} {User} {User}", $"Uid: {User} {User} {User} {User}"];
    // (real ids the user's, so that plugin-runner, once it has dropped to that user, may signal it)
    private static readonly List<string> EffectiveRoot = [$"Gid: {User} {User} {User} {User}", $"Uid: {User} 0 0 0"];

    /// <summary>What whoever started plugin-runner may have in its environment; none of it may reach a hook.</summary>
    private static readonly Dictionary<string, string> Hostile = new()
    {
        ["PATH"] = "/tmp/not-a-path:/usr/sbin:/usr/bin:/sbin:/bin",
        ["BASH_ENV"] = "/tmp/not-a-script",
        ["ENV"] = "/tmp/not-a-script",
        ["MANDOS_TEST_HOSTILE"] = "1",
    };

    [Theory]
    [InlineData(Layout.Packages)]
    [InlineData(Layout.Initramfs)]
    public async Task OnlyTheRootSideOfTheClientKeepsRootAndHooksGetAFixedEnvironment(Layout layout)
    {
        string keys = layouts.Scratch("keys");
        // (small OpenPGP keys: they are only loaded here)
        KeySet keySet = await KeySet.MakeAsync(RepoPaths.Program("mandos-keygen"), keys, "separation", "unused", "--length=1024", "--sublength=1024");
        Assert.Equal(0, (await ProcessRunner.RunAsync("chown", ["-R", $"{User}:{User}", keys], Limit)).ExitCode);
        string shared = layouts.Scratch("shared", (UnixFileMode)0b111_111_111);
        string log = Path.Combine(shared, "hooks.log");
        string hooks = layouts.Scratch("hooks");
        string record = Path.Combine(hooks, "record");
        File.WriteAllText(record, $"#!/bin/sh\n{{ echo \"$MODE $(id -ru):$(id -u) $(id -rg):$(id -g) $0\"; tr '\\0' '\\n' < /proc/$$/environ | sort; echo .; }} >> {log}\n");
        File.SetUnixFileMode(record, (UnixFileMode)0b111_101_101);
        string writable = Path.Combine(hooks, "writable");
        File.WriteAllText(writable, $"#!/bin/sh\necho \"writable ran\" >> {log}\n");
        File.SetUnixFileMode(writable, (UnixFileMode)0b111_101_111);
        string plugins = layouts.Scratch("plugins");
        File.CreateSymbolicLink(Path.Combine(plugins, "mandos-client"), layouts.Program(layout, "mandos-client"));
        string options = string.Join(',', "--connect=127.0.0.1:1", "--interface=lo", "--retry=1", $"--network-hook-dir={hooks}",
            $"--pubkey={keySet.PubKey}", $"--seckey={keySet.SecKey}", $"--tls-pubkey={keySet.TlsPubKey}", $"--tls-privkey={keySet.TlsPrivKey}");
        // Its own network namespace, where loopback starts down and nothing listens on port 1:
        // the root side brings lo up, the network side retries until it is stopped.
        Task<ProcessRunner.Result> running = ProcessRunner.RunAsync("unshare",
            ["--net", layouts.Program(layout, "plugin-runner"), $"--plugin-dir={plugins}", "--config-file=/nonexistent/plugin-runner.conf",
             $"--userid={User}", $"--groupid={User}", $"--options-for=mandos-client:{options}"], Limit, Hostile, stdin: "");
        int runner = 0, rootSide = 0, networkSide = 0;
        await Eventually.Until(() =>
        {
            List<int> ours = ProcFs.BySameFile(layouts.Program(layout, "mandos-client"));
            runner = ours.FirstOrDefault(p => ProcFs.CommandLine(p).FirstOrDefault()?.EndsWith("plugin-runner", StringComparison.Ordinal) == true);
            rootSide = runner == 0 ? 0 : ProcFs.ChildrenOf(runner).FirstOrDefault();
            networkSide = rootSide == 0 ? 0 : ProcFs.ChildrenOf(rootSide).FirstOrDefault(p => ours.Contains(p));
            return networkSide > 0 && LoopbackIsUp(networkSide) || running.IsCompleted;
        }, "a network side with lo up");
        Assert.False(running.IsCompleted, running.IsCompleted ? (await running).Stderr : "");
        List<string> rootSideIds = ProcFs.Ids(rootSide);
        List<string> networkSideIds = ProcFs.Ids(networkSide);
        List<string> runnerIds = ProcFs.Ids(runner);
        Assert.Equal(0, (await ProcessRunner.RunAsync("kill", ["-TERM", runner.ToString()], Limit)).ExitCode);
        await Eventually.Until(() => File.Exists(log) && File.ReadAllText(log).Contains("stop ", StringComparison.Ordinal),
            "the stop hook", () => File.Exists(log) ? File.ReadAllText(log) : "");
        ProcessRunner.Result run = await running;
        Assert.Equal(EffectiveRoot, rootSideIds);
        Assert.Equal(UserOnly, networkSideIds);
        Assert.Equal(UserOnly, runnerIds);
        string[] records = File.ReadAllText(log).Split(".\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, records.Length);
        foreach ((string record0, string mode) in records.Zip(["start", "stop"]))
        {
            string[] lines = record0.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal($"{mode} 0:0 0:0 /proc/self/fd/3", lines[0]);
            Assert.Equal(
                ["CONNECT=127.0.0.1:1", "DELAY=2.500000", "DEVICE=lo", $"MANDOSNETHOOKDIR={hooks}", $"MODE={mode}",
                 "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "VERBOSITY=0"],
                lines[1..]);
        }
        Assert.Contains($"Could not run network hook {writable}: writable by its group or by others", run.Stderr);
    }

    /// <summary>The network side's own marker in its environment cannot make a root-started client parse the network with root at hand.</summary>
    [Fact]
    public async Task TheNetworkSideDoesNotRunWithEffectiveRoot()
    {
        ProcessRunner.Result run = await ProcessRunner.RunAsync("setpriv",
            [$"--ruid={User}", $"--rgid={User}", "--clear-groups", layouts.Program(Layout.Initramfs, "mandos-client"), "--connect=127.0.0.1:1"],
            Limit, new Dictionary<string, string> { ["MANDOS_CLIENT_CHANNEL"] = "0" });
        Assert.Equal(77, run.ExitCode);
        Assert.Contains("The network side does not run with effective ids other than its real ones", run.Stderr);
    }

    [Theory]
    [InlineData(Layout.Packages)]
    [InlineData(Layout.Initramfs)]
    public async Task AskpassFifoOpensItsFifoWithRootThenDropsToTheUser(Layout layout)
    {
        string plugins = layouts.Scratch("plugins");
        File.CreateSymbolicLink(Path.Combine(plugins, "askpass-fifo"), layouts.Program(layout, "askpass-fifo"));
        // cryptsetup's directory gets a tmpfs of its own in a private mount namespace, reached from here through /proc/PID/root.
        string mountAndRun = "mount -t tmpfs -o mode=0755 mandos-test /lib/cryptsetup && exec \"$@\"";
        Task<ProcessRunner.Result> running = ProcessRunner.RunAsync("unshare",
            ["--mount", "--propagation", "private", "sh", "-c", mountAndRun, "-", layouts.Program(layout, "plugin-runner"),
             $"--plugin-dir={plugins}", "--config-file=/nonexistent/plugin-runner.conf", $"--userid={User}", $"--groupid={User}"],
            Limit, stdin: "");
        int pid = 0;
        await Eventually.Until(() =>
        {
            pid = ProcFs.BySameFile(layouts.Program(layout, "askpass-fifo")).FirstOrDefault(p => ProcFs.CommandLine(p).FirstOrDefault() == "askpass-fifo");
            return pid > 0 && File.Exists($"/proc/{pid}/root/lib/cryptsetup/passfifo") || running.IsCompleted;
        }, "askpass-fifo's passfifo");
        Assert.False(running.IsCompleted, running.IsCompleted ? (await running).Stderr : "");
        List<string> opening = ProcFs.Ids(pid);
        // (the open for writing waits for askpass-fifo's open for reading)
        await using (FileStream writer = await Task.Run(() =>
            new FileStream($"/proc/{pid}/root/lib/cryptsetup/passfifo", FileMode.Open, FileAccess.Write)).WaitAsync(Limit))
        {
            // the open ended askpass-fifo's; it drops its privileges before it reads
            await Eventually.Until(() => ProcFs.Ids(pid).SequenceEqual(UserOnly), "askpass-fifo to drop its privileges",
                () => string.Join(", ", ProcFs.Ids(pid)));
            await writer.WriteAsync("from cryptroot-unlock\n"u8.ToArray());
        }
        ProcessRunner.Result run = await running;
        Assert.Equal([$"Gid: {User} {User} {User} {User}", $"Uid: {User} 0 0 0"], opening);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("from cryptroot-unlock\n", run.StdoutText);
    }

    /// <summary>Whether lo is up in the network namespace of process <paramref name="pid"/>.</summary>
    private static bool LoopbackIsUp(int pid)
    {
        ProcessRunner.Result ip = ProcessRunner.Run(mustSucceed: false, "nsenter", "--net=/proc/" + pid + "/ns/net", "ip", "-o", "link", "show", "lo");
        return ip.ExitCode == 0 && ip.StdoutText.Contains(",UP", StringComparison.Ordinal);
    }
}
