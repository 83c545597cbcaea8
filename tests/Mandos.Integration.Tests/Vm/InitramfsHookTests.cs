using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.Vm;

/// <summary>
/// boot/initramfs-tools/hooks/mandos run as mkinitramfs runs it (the real hook-functions, a
/// DESTDIR), on a client host's layout staged in a temporary directory: what it puts into the
/// initramfs, under which names, with which owners and modes.
/// </summary>
[Lane(Lane.Namespace)]
public sealed class InitramfsHookTests : IDisposable
{
    private static readonly string[] MultiCallNames =
    [
        "/lib/mandos/plugin-runner", "/lib/mandos/plugins.d/mandos-client", "/lib/mandos/plugins.d/password-prompt",
        "/lib/mandos/plugins.d/askpass-fifo", "/lib/mandos/plugins.d/plymouth", "/lib/mandos/plugin-helpers/mandos-client-iprouteadddel",
    ];

    private readonly TempDir _dir = new("mandos-hook-");
    private readonly string _lib;
    private readonly string _etc;
    private readonly string _keys;

    public InitramfsHookTests()
    {
        _lib = _dir.Sub("usr-lib");
        string mandos = Path.Combine(_lib, "mandos");
        Directory.CreateDirectory(Path.Combine(mandos, "plugins.d"));
        Directory.CreateDirectory(Path.Combine(mandos, "plugin-helpers"));
        File.Copy(RepoPaths.Program("mandos-client"), Path.Combine(mandos, "plugins.d", "mandos-client"));
        File.CreateSymbolicLink(Path.Combine(mandos, "plugin-runner"), "plugins.d/mandos-client");
        foreach (string name in new[] { "password-prompt", "askpass-fifo", "plymouth" })
        {
            File.CreateSymbolicLink(Path.Combine(mandos, "plugins.d", name), "mandos-client");
        }
        File.CreateSymbolicLink(Path.Combine(mandos, "plugin-helpers", "mandos-client-iprouteadddel"), "../plugins.d/mandos-client");
        _etc = _dir.Sub("etc-mandos");
        foreach (string d in new[] { "plugins.d", "plugin-helpers", "network-hooks.d" })
        {
            Directory.CreateDirectory(Path.Combine(_etc, d));
        }
        File.WriteAllText(Path.Combine(_etc, "plugin-runner.conf"), "--options-for=mandos-client:--debug\n");
        _keys = _dir.Sub("keys");
        foreach (string k in new[] { "pubkey.txt", "seckey.txt", "tls-pubkey.pem", "tls-privkey.pem", "seckey.txt~" })
        {
            File.WriteAllText(Path.Combine(_keys, k), "key material " + k);
        }
    }

    public void Dispose() => _dir.Dispose();

    private string Dest => Path.Combine(_dir.Path, "initramfs");

    private string In(string path) => Dest + path;

    private async Task<ProcessRunner.Result> RunHookAsync(string? keyDir = null)
    {
        // the usr-merged layout mkinitramfs makes before it runs hooks
        foreach (string d in new[] { "bin", "sbin", "lib", "lib64" })
        {
            Directory.CreateDirectory(Path.Combine(Dest, "usr", d));
            File.CreateSymbolicLink(Path.Combine(Dest, d), "usr/" + d);
        }
        foreach (string d in new[] { "conf/conf.d", "etc", "run", "scripts" })
        {
            Directory.CreateDirectory(Path.Combine(Dest, d));
        }
        string confDir = _dir.Sub("initramfs-tools");
        File.WriteAllText(Path.Combine(confDir, "initramfs.conf"), "DEVICE=\n");
        return await ProcessRunner.RunAsync("sh", [Path.Combine(RepoPaths.Root, "boot", "initramfs-tools", "hooks", "mandos")],
            TimeSpan.FromSeconds(60), new Dictionary<string, string>
            {
                ["DESTDIR"] = Dest,
                ["version"] = "none",   // no kernel modules in this test
                ["verbose"] = "n",
                ["MANDOS_LIBDIR"] = _lib,
                ["MANDOS_KEYDIR"] = keyDir ?? _keys,
                ["MANDOS_SYSCONFDIR"] = _etc,
                ["CONFDIR"] = confDir,
            });
    }

    private static async Task<(string Inode, string Mode, string Owner)> StatAsync(string path)
    {
        var stat = await ProcessRunner.RunAsync("stat", ["-c", "%i %a %u:%g", path], TimeSpan.FromSeconds(10));
        Assert.True(stat.ExitCode == 0, $"{path}: {stat.Stderr}");
        string[] f = stat.StdoutText.Trim().Split(' ');
        return (f[0], f[1], f[2]);
    }

    private static async Task<string> MandosOwnerAsync()
    {
        foreach (string user in new[] { "_mandos", "nobody" })
        {
            var entry = await ProcessRunner.RunAsync("getent", ["passwd", user], TimeSpan.FromSeconds(10));
            if (entry.ExitCode == 0)
            {
                string[] f = entry.StdoutText.Split(':');
                return $"{f[2]}:{f[3]}";
            }
        }
        return "65534:65534";
    }

    [Fact]
    public async Task EveryUpstreamNameIsAHardLinkToOneCopyOfTheMultiCallExecutable()
    {
        var run = await RunHookAsync();

        Assert.True(run.ExitCode == 0, run.Stderr);
        var inodes = new HashSet<string>();
        foreach (string name in MultiCallNames)
        {
            Assert.True(File.Exists(In(name)) && !new FileInfo(In(name)).Attributes.HasFlag(FileAttributes.ReparsePoint), $"{name} is not a file");
            inodes.Add((await StatAsync(In(name))).Inode);
        }
        Assert.Single(inodes);
        Assert.True(File.Exists(In("/lib/x86_64-linux-gnu/libgcc_s.so.1")) || File.Exists(In("/usr/lib/x86_64-linux-gnu/libgcc_s.so.1")),
            "libgcc_s.so.1 (dlopen()ed by glibc for threads) is missing");
    }

    [Fact]
    public async Task KeysAreReadableByTheMandosUserAloneAndBackupsStayOut()
    {
        File.WriteAllText(Path.Combine(_keys, "dhparams.pem"), "dh");
        string owner = await MandosOwnerAsync();

        var run = await RunHookAsync();

        Assert.True(run.ExitCode == 0, run.Stderr);
        var conf = await StatAsync(In("/conf/conf.d/mandos"));
        // root's, the user's group may enter: nothing running as the user may change what root reads there
        Assert.Equal(("750", "0:" + owner.Split(':')[1]), (conf.Mode, conf.Owner));
        foreach (string key in new[] { "pubkey.txt", "seckey.txt", "tls-pubkey.pem", "tls-privkey.pem", "dhparams.pem" })
        {
            var k = await StatAsync(In("/conf/conf.d/mandos/" + key));
            Assert.Equal(("600", owner), (k.Mode, k.Owner));
        }
        Assert.False(File.Exists(In("/conf/conf.d/mandos/seckey.txt~")));
        string[] runnerConf = File.ReadAllLines(In("/conf/conf.d/mandos/plugin-runner.conf"));
        Assert.Contains("--options-for=mandos-client:--dh-params=/conf/conf.d/mandos/dhparams.pem", runnerConf);
        Assert.Contains("--options-for=mandos-client:--debug", runnerConf);
        if (owner.Split(':')[0] != "65534")
        {
            Assert.Contains($"--userid={owner.Split(':')[0]}", runnerConf);
        }
        var runnerConfStat = await StatAsync(In("/conf/conf.d/mandos/plugin-runner.conf"));
        Assert.Equal(("600", "0:0"), (runnerConfStat.Mode, runnerConfStat.Owner));
    }

    [Fact]
    public async Task AdministratorsPluginReplacesThePackagedOneAndPluginDirectoriesStayPrivate()
    {
        string own = Path.Combine(_etc, "plugins.d", "password-prompt");
        File.WriteAllText(own, "#!/bin/sh\necho site prompt >&2\nexit 1\n");
        File.SetUnixFileMode(own, (UnixFileMode)0b111_101_101);
        File.WriteAllText(Path.Combine(_etc, "plugins.d", "old.dpkg-old"), "#!/bin/sh\n");
        string owner = await MandosOwnerAsync();

        var run = await RunHookAsync();

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(File.ReadAllText(own), File.ReadAllText(In("/lib/mandos/plugins.d/password-prompt")));
        Assert.NotEqual((await StatAsync(In("/lib/mandos/plugins.d/mandos-client"))).Inode,
            (await StatAsync(In("/lib/mandos/plugins.d/password-prompt"))).Inode);
        Assert.False(File.Exists(In("/lib/mandos/plugins.d/old.dpkg-old")));
        foreach (string dir in new[] { "/lib/mandos/plugins.d", "/lib/mandos/plugin-helpers" })
        {
            var d = await StatAsync(In(dir));
            Assert.Equal(("750", "0:" + owner.Split(':')[1]), (d.Mode, d.Owner));
        }
        Assert.Equal("755", (await StatAsync(In("/lib/mandos"))).Mode);
    }

    [Fact]
    public async Task NetworkHookIsCopiedWithTheFilesItAsksFor()
    {
        string wanted = Path.Combine(_dir.Path, "hook-data.conf");
        File.WriteAllText(wanted, "data");
        string hook = Path.Combine(_etc, "network-hooks.d", "site-vlan");
        File.WriteAllText(hook, $"#!/bin/sh\ncase \"$MODE\" in files) echo {wanted} ;; esac\nexit 0\n");
        File.SetUnixFileMode(hook, (UnixFileMode)0b111_101_101);
        File.WriteAllText(Path.Combine(_etc, "network-hooks.d", "bad name"), "#!/bin/sh\n");

        var run = await RunHookAsync();

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.True(File.Exists(In("/lib/mandos/network-hooks.d/site-vlan")));
        Assert.True(File.Exists(In(wanted)), "the file the hook named in MODE=files was not copied");
        Assert.False(File.Exists(In("/lib/mandos/network-hooks.d/bad name")));
    }

    [Fact]
    public async Task HookFailsClearlyWithoutAKeyDirectory()
    {
        var run = await RunHookAsync(keyDir: Path.Combine(_dir.Path, "no-such-keys"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("key directory", run.Stderr);
    }
}
