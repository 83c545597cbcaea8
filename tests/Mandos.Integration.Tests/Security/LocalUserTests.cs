using Mandos.Integration.Tests.Harness;
using Mandos.Testing.Waiting;

namespace Mandos.Integration.Tests.Security;

/// <summary>
/// What a local user who is not root can do with what we install, tried as uid 4242 against the
/// extracted packages and the initramfs tree our hook builds: nothing there is set-user-ID or
/// set-group-ID, so no name, environment or signal turns one of our programs into root.
/// </summary>
[Lane(Lane.Namespace)]
[Collection(InstalledLayoutsCollection.Name)]
public sealed class LocalUserTests(InstalledLayouts layouts)
{
    private const string User = "4242";
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private static readonly string[] AsUser = ["setpriv", $"--reuid={User}", $"--regid={User}", "--clear-groups"];

    [Fact]
    public async Task NoFileWeInstallIsSetUserIdOrSetGroupId()
    {
        foreach (string tree in new[] { layouts.Packages, layouts.Initramfs })
        {
            ProcessRunner.Result find = await ProcessRunner.RunAsync("find", [tree, "-perm", "/6000", "!", "-type", "l"], Limit);
            Assert.Equal(0, find.ExitCode);
            Assert.Equal("", find.StdoutText);
        }
    }

    /// <summary>
    /// Nothing a user owns or may write decides what root runs: every file and directory in both
    /// layouts is root's and writable by root alone (a sticky directory aside), but the client's
    /// keys, which are the unprivileged user's to read.
    /// </summary>
    [Theory]
    [InlineData(Layout.Packages)]
    [InlineData(Layout.Initramfs)]
    public async Task EverythingButTheKeysIsRootsAndWritableByRootAlone(Layout layout)
    {
        string tree = layout == Layout.Packages ? layouts.Packages : layouts.Initramfs;
        ProcessRunner.Result find = await ProcessRunner.RunAsync("find", [tree, "!", "-type", "l", "-printf", "%U %m %P\n"], Limit);
        Assert.Equal(0, find.ExitCode);
        var wrong = new List<string>();
        foreach (string line in find.StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] f = line.Split(' ', 3);
            int mode = Convert.ToInt32(f[1], 8);
            bool key = f[2].StartsWith("conf/conf.d/mandos/", StringComparison.Ordinal) && f[2] != "conf/conf.d/mandos/plugin-runner.conf";
            bool writableByOthers = (mode & 0b000_010_010) != 0 && (mode & 0x200) == 0;
            if (key ? mode != 0b110_000_000 : f[0] != "0" || writableByOthers)
            {
                wrong.Add(line);
            }
        }
        Assert.Empty(wrong);
    }

    /// <summary>
    /// The .NET runtime reads DOTNET_* settings before Main: with crash dumps enabled, a crash
    /// runs "createdump" from the directory of argv[0]. Ours is a script that records the ids it
    /// ran with; the program is run through a link in the user's directory and sent SIGSEGV while
    /// it waits for cryptsetup's FIFO (it gets that far only with root).
    /// </summary>
    [Theory]
    [InlineData(Layout.Packages)]
    [InlineData(Layout.Initramfs)]
    public async Task CrashDumpSettingsRunNothingAsRoot(Layout layout)
    {
        (string attacker, string link) = AttackerLink(layout, "askpass-fifo");
        string marker = Path.Combine(attacker, "createdump-ran");
        string createdump = Path.Combine(attacker, "createdump");
        File.WriteAllText(createdump, $"#!/usr/bin/python3\nimport os\nopen('{marker}', 'a').write('%d %d\\n' % (os.getuid(), os.geteuid()))\n");
        File.SetUnixFileMode(createdump, (UnixFileMode)0b111_101_101);
        // cryptsetup's directory gets a tmpfs of its own in a private mount namespace.
        string mountAndRun = "mount -t tmpfs -o mode=0755 mandos-test /lib/cryptsetup && exec \"$@\"";
        Task<ProcessRunner.Result> running = ProcessRunner.RunAsync("unshare",
            ["--mount", "--propagation", "private", "sh", "-c", mountAndRun, "-", .. AsUser, link], Limit,
            new Dictionary<string, string> { ["DOTNET_DbgEnableMiniDump"] = "1", ["DOTNET_EnableCrashReport"] = "1" });
        int pid = 0;
        await Eventually.Until(() =>
        {
            pid = ProcFs.BySameFile(link).FirstOrDefault();
            return pid > 0 && File.Exists($"/proc/{pid}/root/lib/cryptsetup/passfifo") || running.IsCompleted;
        }, "the client's passfifo (or its end)");
        if (!running.IsCompleted && pid > 0)
        {
            Assert.Equal(0, (await ProcessRunner.RunAsync("kill", ["-SEGV", pid.ToString()], Limit)).ExitCode);
        }
        ProcessRunner.Result run = await running;
        string ran = File.Exists(marker) ? File.ReadAllText(marker) : "";
        Assert.DoesNotContain(" 0\n", ran);
        Assert.DoesNotMatch("^0 ", ran);
        Assert.NotEqual(0, run.ExitCode);
    }

    /// <summary>argv[0] picks the route helper out of the multi-call executable; run by a user, it must not change routes.</summary>
    [Theory]
    [InlineData(Layout.Packages)]
    [InlineData(Layout.Initramfs)]
    public async Task TheRouteHelperCannotChangeRoutesForAUser(Layout layout)
    {
        (_, string link) = AttackerLink(layout, "mandos-client-iprouteadddel");
        // A network namespace of the test's own (and a sysfs that shows it), with one veth interface, where the user tries.
        string script = "mount -t sysfs sysfs /sys && ip link add dummy0 type veth peer name dummy1 && ip link set dummy0 up && { \"$@\"; echo \"status $?\"; ip -4 route show dev dummy0; }";
        ProcessRunner.Result run = await ProcessRunner.RunAsync("unshare",
            ["--net", "--mount", "--propagation", "private", "sh", "-c", script, "-", .. AsUser, link, "add", "192.0.2.7", "dummy0"], Limit);
        Assert.Contains("status ", run.StdoutText);
        // (reached the kernel: refused there, not for want of the interface)
        Assert.Contains("Operation not permitted", run.Stderr);
        Assert.DoesNotContain("status 0", run.StdoutText);
        Assert.DoesNotContain("192.0.2.7", run.StdoutText);
    }

    /// <summary>Run by a user, plugin-runner cannot honour --userid=0: its plugins run as that user.</summary>
    [Fact]
    public async Task PluginRunnerRunByAUserCannotMakeItsPluginsRoot()
    {
        string shared = layouts.Scratch("shared", (UnixFileMode)0b111_111_111);
        string plugins = layouts.Scratch("plugins");
        string ids = Path.Combine(shared, "ids");
        string plugin = Path.Combine(plugins, "record");
        File.WriteAllText(plugin, $"#!/bin/sh\ncat /proc/$$/status | grep -E '^(Uid|Gid):' > {ids}\nprintf 'the password'\n");
        File.SetUnixFileMode(plugin, (UnixFileMode)0b111_101_101);
        ProcessRunner.Result run = await ProcessRunner.RunAsync(AsUser[0],
            [.. AsUser[1..], layouts.Program(Layout.Initramfs, "plugin-runner"), $"--plugin-dir={plugins}",
             "--config-file=/nonexistent/plugin-runner.conf", "--userid=0", "--groupid=0"], Limit, stdin: "");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("the password", run.StdoutText);
        Assert.Contains("plugin-runner: setgid(0): Operation not permitted", run.Stderr);
        Assert.Equal([$"Uid: {User} {User} {User} {User}", $"Gid: {User} {User} {User} {User}"],
            File.ReadAllLines(ids).Select(l => string.Join(' ', l.Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries))));
    }

    /// <summary>A directory of the user's own, holding a link named <paramref name="name"/> to the layout's multi-call executable (argv[0] picks the program).</summary>
    private (string Directory, string Link) AttackerLink(Layout layout, string name)
    {
        string attacker = layouts.Scratch("attacker", (UnixFileMode)0b111_111_111);
        string link = Path.Combine(attacker, name);
        File.CreateSymbolicLink(link, layouts.Program(layout, "plugin-runner"));
        return (attacker, link);
    }
}
