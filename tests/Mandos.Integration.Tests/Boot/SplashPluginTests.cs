using Mandos.Integration.Tests.Harness;
using Mandos.Testing.Waiting;

namespace Mandos.Integration.Tests.Boot;

/// <summary>
/// The splash-screen plugins against stand-ins (PlymouthWithPlymouthdTests has the real
/// plymouthd; splashy and usplash have left Debian): a shell-script <c>plymouth</c> command,
/// copies of sleep(1) or bash(1) running as "splashy"/"usplash" (found through /proc/PID/exe as
/// the plugins look for them), a script <c>splashy_update</c>, and usplash's two FIFOs served by
/// the test.
/// </summary>
[Lane(Lane.Loopback)]
public sealed class SplashPluginTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Script(string name, string body)
    {
        string path = Path.Combine(_dir.Path, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        return path;
    }

    [Fact]
    public async Task PlymouthAsksThroughThePlymouthCommand()
    {
        string log = Path.Combine(_dir.Path, "plymouth.log");
        string plymouth = Script("plymouth", $"echo \"$*\" >> {log}\ncase \"$1\" in --ping) exit 0;; ask-for-password) printf 'splash pw';; esac");
        var env = new Dictionary<string, string> { ["MANDOS_TEST_PLYMOUTH"] = plymouth, ["cryptsource"] = "/dev/sda1", ["crypttarget"] = "crypt" };
        ProcessRunner.Result run = await ProcessRunner.RunAsync(RepoPaths.Program("plymouth"), [], Limit, env);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("splash pw", run.StdoutText);
        Assert.Equal("--ping\nask-for-password --prompt=Unlocking the disk /dev/sda1 (crypt)\nEnter passphrase\n", File.ReadAllText(log));
    }

    [Fact]
    public async Task PlymouthNotRunningIsUnavailable()
    {
        string plymouth = Script("plymouth", "exit 1");
        ProcessRunner.Result run = await ProcessRunner.RunAsync(RepoPaths.Program("plymouth"), [], Limit,
            new Dictionary<string, string> { ["MANDOS_TEST_PLYMOUTH"] = plymouth });
        Assert.Equal(69, run.ExitCode);
        ProcessRunner.Result absent = await ProcessRunner.RunAsync(RepoPaths.Program("plymouth"), [], Limit,
            new Dictionary<string, string> { ["MANDOS_TEST_PLYMOUTH"] = Path.Combine(_dir.Path, "none") });
        Assert.Equal(69, absent.ExitCode);
    }

    [Fact]
    public async Task SplashyAsksThroughSplashyUpdate()
    {
        string sbin = _dir.Sub("sbin");
        string log = Path.Combine(_dir.Path, "splashy.log");
        File.Copy("/bin/sleep", Path.Combine(sbin, "splashy"));
        string update = Path.Combine(sbin, "splashy_update");
        File.WriteAllText(update, $"#!/bin/sh\necho \"$*\" > {log}\nprintf 'splashy pw'\n");
        File.SetUnixFileMode(update, (UnixFileMode)0b111_101_101);
        var env = new Dictionary<string, string> { ["MANDOS_TEST_SBIN"] = sbin, ["CRYPTTAB_SOURCE"] = "/dev/vdb" };
        ProcessRunner.Result none = await ProcessRunner.RunAsync(RepoPaths.Program("splashy"), [], Limit, env);
        Assert.Equal(69, none.ExitCode);
        using var daemon = ProcessRunner.StartDetached(Path.Combine(sbin, "splashy"), "30");
        try
        {
            ProcessRunner.Result run = await ProcessRunner.RunAsync(RepoPaths.Program("splashy"), [], Limit, env);
            Assert.Equal(0, run.ExitCode);
            Assert.Equal("splashy pw", run.StdoutText);
            Assert.Equal("getpass Enter passphrase to unlock the disk /dev/vdb: \n", File.ReadAllText(log));
        }
        finally
        {
            daemon.Kill();
        }
    }

    [Fact]
    public async Task UsplashTalksThroughItsFifos()
    {
        string sbin = _dir.Sub("sbin");
        string fifos = _dir.Sub("initramfs");
        File.Copy("/bin/sleep", Path.Combine(sbin, "usplash"));
        string commands = Path.Combine(fifos, "usplash_fifo");
        string answers = Path.Combine(fifos, "usplash_outfifo");
        Assert.Equal(0, (await ProcessRunner.RunAsync("mkfifo", [commands, answers], Limit)).ExitCode);
        using var daemon = ProcessRunner.StartDetached(Path.Combine(sbin, "usplash"), "30");
        try
        {
            var env = new Dictionary<string, string> { ["MANDOS_TEST_SBIN"] = sbin, ["MANDOS_TEST_USPLASH_FIFOS"] = fifos };
            Task<ProcessRunner.Result> plugin = ProcessRunner.RunAsync(RepoPaths.Program("usplash"), [], Limit, env);
            // One reader for the whole conversation, as usplash keeps its FIFO open; commands may arrive together.
            using var reader = new UsplashCommandReader(commands);
            string first = await Eventually.Happens(reader.ReadCommandsAsync(2), "the plugin's first two commands");
            await Eventually.Happens(File.WriteAllTextAsync(answers, "usplash pw"), "the plugin to read the answer");
            string last = await Eventually.Happens(reader.ReadCommandsAsync(1), "the plugin's next command");
            ProcessRunner.Result run = await plugin;
            Assert.Equal(0, run.ExitCode);
            Assert.Equal("usplash pw", run.StdoutText);
            List<string> received = (first + last).Split('\0', StringSplitOptions.RemoveEmptyEntries).ToList();
            Assert.Equal(["TIMEOUT 0", "INPUTQUIET Enter passphrase to unlock the disk: ", "TIMEOUT 15"], received);
        }
        finally
        {
            daemon.Kill();
        }
    }

    [Fact]
    public async Task SplashyOnSigtermKillsItsQuestionAndSplashyAndStartsSplashyBoot()
    {
        string sbin = _dir.Sub("sbin");
        string splashy = Path.Combine(sbin, "splashy");
        // splashy is a copy of bash running an idle script. "splashy boot", the restart, is bash
        // too: it runs BASH_ENV (the idle script, which exits) before it would look for "boot".
        File.Copy("/bin/bash", splashy);
        Assert.Equal(0, (await ProcessRunner.RunAsync("mkfifo", [Path.Combine(_dir.Path, "idle.fifo")], Limit)).ExitCode);
        string idle = Script("idle", $"exec 3<>{Path.Combine(_dir.Path, "idle.fifo")}\nread -t 60 -u 3\nexit 0");
        string log = Path.Combine(_dir.Path, "splashy_update.log");
        string update = Path.Combine(sbin, "splashy_update");
        File.WriteAllText(update, $"#!/bin/sh\necho \"$$\" > {log}.tmp\nmv {log}.tmp {log}\nexec sleep 60\n");
        File.SetUnixFileMode(update, (UnixFileMode)0b111_101_101);
        using var daemon = ProcessRunner.StartDetached(splashy, idle);
        int restarted = 0;
        try
        {
            await using BackgroundProcess plugin = ProcessRunner.Start(RepoPaths.Program("splashy"), [],
                new Dictionary<string, string> { ["MANDOS_TEST_SBIN"] = sbin, ["BASH_ENV"] = idle });
            await Eventually.Until(() => File.Exists(log), "splashy_update to start", () => plugin.Output);
            int question = int.Parse(File.ReadAllText(log).Trim());
            plugin.Terminate();
            Assert.Equal(128 + 15, await plugin.WaitForExitAsync());
            Assert.Equal("", plugin.Output);
            await Eventually.Until(() => ProcFs.IsGone(question), "splashy_update to be killed");
            await Eventually.Happens(daemon.WaitForExitAsync(), "the daemon to be stopped");
            await Eventually.Until(() => ProcFs.ByExecutable(splashy).Any(p => p != daemon.Id), "splashy to be started again");
            restarted = ProcFs.ByExecutable(splashy).Single(p => p != daemon.Id);
            Assert.Equal([splashy, "boot"], ProcFs.CommandLine(restarted));
            Assert.Equal(restarted, ProcFs.SessionOf(restarted));
        }
        finally
        {
            KillAll(daemon.Id, restarted);
        }
    }

    [Fact]
    public async Task UsplashOnSigtermRestartsUsplashWithItsCommandLine()
    {
        string sbin = _dir.Sub("sbin");
        string fifos = _dir.Sub("initramfs");
        string usplash = Path.Combine(sbin, "usplash");
        File.Copy("/bin/sleep", usplash);
        string commands = Path.Combine(fifos, "usplash_fifo");
        Assert.Equal(0, (await ProcessRunner.RunAsync("mkfifo", [commands, Path.Combine(fifos, "usplash_outfifo")], Limit)).ExitCode);
        using var daemon = ProcessRunner.StartDetached(usplash, "30", "30");
        int restarted = 0;
        try
        {
            await using BackgroundProcess plugin = ProcessRunner.Start(RepoPaths.Program("usplash"), [],
                new Dictionary<string, string> { ["MANDOS_TEST_SBIN"] = sbin, ["MANDOS_TEST_USPLASH_FIFOS"] = fifos });
            using var reader = new UsplashCommandReader(commands);
            string asked = await Eventually.Happens(reader.ReadCommandsAsync(2), "the plugin's first two commands");
            Assert.EndsWith("INPUTQUIET Enter passphrase to unlock the disk: \0", asked);
            plugin.Terminate();   // while it waits for the answer on usplash_outfifo
            Assert.Equal(128 + 15, await plugin.WaitForExitAsync());
            Assert.Equal("", plugin.Output);
            await Eventually.Happens(daemon.WaitForExitAsync(), "the daemon to be stopped");
            await Eventually.Until(() => ProcFs.ByExecutable(usplash).Any(p => p != daemon.Id), "usplash to be started again");
            restarted = ProcFs.ByExecutable(usplash).Single(p => p != daemon.Id);
            Assert.Equal([usplash, "30", "30"], ProcFs.CommandLine(restarted));
            Assert.Equal(restarted, ProcFs.SessionOf(restarted));
        }
        finally
        {
            KillAll(daemon.Id, restarted);
        }
    }

    private static void KillAll(params int[] pids)
    {
        foreach (int pid in pids.Where(p => p > 0 && !ProcFs.IsGone(p)))
        {
            try
            {
                System.Diagnostics.Process.GetProcessById(pid).Kill();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // ended meanwhile
            }
        }
    }
}
