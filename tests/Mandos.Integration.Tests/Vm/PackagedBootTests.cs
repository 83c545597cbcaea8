using System.Text.RegularExpressions;
using Mandos.Core.Keys;
using Mandos.Core.Protocol;
using Mandos.Integration.Tests.Harness;
using Mandos.Keygen.Preflight;
using Mandos.Keygen.Preflight.Initramfs;

namespace Mandos.Integration.Tests.Vm;

/// <summary>
/// The whole path of a first client, as the README walks it: our packages on Debian 12, the key
/// set their postinst made, the section the installed mandos-keygen printed, an initramfs built
/// by Debian's own update-initramfs with cryptsetup-initramfs and our hook; the kernel boots it
/// under QEMU, cryptsetup asks for the passphrase itself (the current cryptsetup route: our
/// boot script feeds plugin-runner's password to cryptroot-unlock), the LUKS2 root is unlocked,
/// mounted and its /sbin/init runs.
/// </summary>
[Lane(Lane.Vm)]
[Collection(VmCollection.Name)]
public sealed class PackagedBootTests(PackagedImage image) : IClassFixture<PackagedImage>, IDisposable
{
    /// <summary>Debian's initramfs renames eth0 unless told not to; root is the volume crypttab names.</summary>
    private const string KernelParameters = "net.ifnames=0 root=/dev/mapper/cryptdata mandos=connect:10.0.2.100:7000 " + VmBoot.SlirpIp;

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Config() => ClientsConf.Write(_dir.Sub("conf"), [image.ClientSection]);

    [Fact]
    public async Task InitramfsMadeByUpdateInitramfsUnlocksTheRootWithThePasswordFromOurServer()
    {
        await using OurServer server = await OurServer.StartAsync(Config(), _dir.Sub("state"));

        VmBoot boot = await VmBoot.SlirpAsync(image.Work, server.Port, KernelParameters, memoryMiB: 512);

        Assert.True(boot.Unlocked, $"{boot}\n--- server\n{server.Log}\n--- chroot\n{image.ChrootOutput}");
        Assert.Contains("Sending secret to packaged-client", server.Log);
        // cryptsetup's own prompt asked, and our password reached it through cryptroot-unlock
        Assert.Contains("Please unlock disk cryptdata:", boot.Console);
        Assert.Contains("cryptsetup: cryptdata: set up successfully", boot.Console);
        Assert.DoesNotContain(image.Password, boot.Console);
        AssertNothingOfOursLeftRunning(boot);
    }

    [Fact]
    public async Task InitramfsMadeByUpdateInitramfsUnlocksTheRootWithThePasswordFromDebiansServer()
    {
        await using DebianServer server = await DebianServer.StartAsync(_dir.Sub("debian"), Config());

        VmBoot boot = await VmBoot.SlirpAsync(image.Work, server.Port, KernelParameters, memoryMiB: 512);

        Assert.True(boot.Unlocked, $"{boot}\n--- server\n{server.Log}");
        Assert.Contains("cryptsetup: cryptdata: set up successfully", boot.Console);
        AssertNothingOfOursLeftRunning(boot);
    }

    /// <summary>
    /// The older route, still common: <c>keyscript=/usr/lib/x86_64-linux-gnu/mandos/plugin-runner</c>
    /// in /etc/crypttab. Debian's cryptsetup 2 copies the keyscript into the initramfs and runs it
    /// as <c>plugin-runner none</c> (the key field); plugin-runner takes the lone <c>none</c> as
    /// the empty argument older cryptsetup passed, our server's password unlocks the root, and
    /// our boot script leaves the cryptroot-unlock route alone.
    /// </summary>
    [Fact]
    public async Task PluginRunnerAsTheCrypttabKeyscriptUnlocksTheRootWithThePasswordFromOurServer()
    {
        await using OurServer server = await OurServer.StartAsync(Config(), _dir.Sub("state"));

        VmBoot boot = await VmBoot.SlirpAsync(image.KeyscriptWork, server.Port, KernelParameters, memoryMiB: 512);

        Assert.True(boot.Unlocked, $"{boot}\n--- server\n{server.Log}\n--- chroot\n{image.ChrootOutput}");
        Assert.Contains("Sending secret to packaged-client", server.Log);
        Assert.Contains("cryptsetup: cryptdata: set up successfully", boot.Console);
        Assert.DoesNotContain("Too many arguments", boot.Console);
        // the keyscript answered: cryptsetup's own prompt never asked
        Assert.DoesNotContain("Please unlock disk cryptdata:", boot.Console);
        Assert.DoesNotContain(image.Password, boot.Console);
        AssertNothingOfOursLeftRunning(boot);
    }

    /// <summary>
    /// mandos-keygen --test's initramfs check on the image Debian's update-initramfs made with our
    /// hook (usr-merged, so lib/mandos is reached through the lib -> usr/lib link; compressed): the
    /// client, the boot files and the keys are where the check looks, the crypttab is the one the
    /// scenario wrote, and the TLS key in the image is the one the printed section names.
    /// </summary>
    [Fact]
    public void InitramfsCheckFindsTheClientTheBootFilesAndTheKeyOfThePrintedSection()
    {
        string initrd = Path.Combine(image.Work, "initrd.img");
        string keyId = Regex.Match(image.ClientSection, @"^key_id\s*=\s*([0-9A-Fa-f]{64})\s*$", RegexOptions.Multiline).Groups[1].Value;

        InitramfsCheckOutcome outcome = InitramfsCheck.Run(initrd, "/etc/keys/mandos", new Dictionary<string, byte[]>());

        Assert.All(outcome.Results, r => Assert.True(r.Status == CheckStatus.Ok, $"{r.Message} ({r.Fix})"));
        Assert.Equal(InitramfsGenerator.InitramfsTools, outcome.BootConfig?.Generator);
        Assert.Contains($"cryptdata UUID={image.LuksUuid} none luks,initramfs", outcome.BootConfig?.Crypttab, StringComparison.Ordinal);
        using InitramfsImage read = InitramfsImage.Read(initrd, p => p == "conf/conf.d/mandos/tls-pubkey.pem");
        // compressed as the chroot's initramfs.conf says (COMPRESS)
        Assert.NotEqual(InitramfsCompression.None, read.Compression);
        byte[] pem = read.Contents("conf/conf.d/mandos/tls-pubkey.pem") ?? [];
        Assert.Equal(keyId.ToUpperInvariant(), KeyId.FromSubjectPublicKeyInfo(TlsKeyPair.ParseSubjectPublicKeyInfo(pem, initrd)));
    }

    /// <summary>
    /// <c>mandos-keygen --test</c> before the reboot, on what the administrator has: the key set
    /// the package's postinst made, the initramfs update-initramfs built, the disk. With the
    /// printed section on the server, every line is ok and the exit status 0: the same things
    /// that make the boot tests above unlock.
    /// </summary>
    [Fact]
    public async Task PreflightOnTheRealInitramfsSaysTheRebootWouldUnlock()
    {
        await using OurServer server = await OurServer.StartAsync(Config(), _dir.Sub("state"));

        ProcessRunner.Result run = await PreflightAsync(Path.Combine(image.Work, "keys"), server.Port, "--device", Path.Combine(image.Work, "disk.img"));

        Assert.True(run.ExitCode == 0, $"{run.StdoutText}\n{run.Stderr}\n--- server\n{server.Log}");
        Assert.Equal(3, Regex.Count(run.StdoutText, @"(?m)^\[ ok \] initramfs: "));
        Assert.Matches(@"(?m)^\[ ok \] secret: ", run.StdoutText);
        Assert.Matches(@"(?m)^\[ ok \] device: .*disk\.img", run.StdoutText);
        Assert.DoesNotContain("[FAIL]", run.StdoutText);
        Assert.DoesNotContain(image.Password, run.StdoutText + run.Stderr);
    }

    /// <summary>
    /// Without --device the devices are those in the initramfs's crypttab: the volume named there
    /// by UUID is not attached to this (the test's) machine, and the line says which it is.
    /// </summary>
    [Fact]
    public async Task PreflightTakesTheDevicesFromTheInitramfsCrypttab()
    {
        await using OurServer server = await OurServer.StartAsync(Config(), _dir.Sub("state"));

        ProcessRunner.Result run = await PreflightAsync(Path.Combine(image.Work, "keys"), server.Port);

        Assert.Equal(1, run.ExitCode);
        Assert.True(Regex.IsMatch(run.StdoutText, $@"(?m)^\[FAIL\] device: .*UUID={image.LuksUuid}.*cryptdata"), run.StdoutText);
        Assert.DoesNotContain(image.Password, run.StdoutText + run.Stderr);
    }

    /// <summary>
    /// Keys made again after the initramfs was built (here: another key set): the initramfs line
    /// names both key_ids and says to rebuild it; the server does not know the new key either.
    /// </summary>
    [Fact]
    public async Task PreflightWithKeysTheInitramfsDoesNotHoldNamesBothKeyIds()
    {
        KeySet other = await KeySet.MakeAsync(RepoPaths.Program("mandos-keygen"), _dir.Sub("other-keys"), "other", "another passphrase");
        await using OurServer server = await OurServer.StartAsync(Config(), _dir.Sub("state"));
        string imageKeyId = Regex.Match(image.ClientSection, @"^key_id\s*=\s*([0-9A-Fa-f]{64})\s*$", RegexOptions.Multiline).Groups[1].Value;

        ProcessRunner.Result run = await PreflightAsync(other.Directory, server.Port, "--device", Path.Combine(image.Work, "disk.img"));

        Assert.Equal(1, run.ExitCode);
        Match line = Regex.Match(run.StdoutText, @"(?m)^\[FAIL\] initramfs: .*$");
        Assert.True(line.Success, run.StdoutText);
        Assert.Contains(imageKeyId.ToLowerInvariant(), line.Value.ToLowerInvariant(), StringComparison.Ordinal);
        Assert.Contains(other.KeyId.ToLowerInvariant(), line.Value.ToLowerInvariant(), StringComparison.Ordinal);
        Assert.Contains("update-initramfs -u", line.Value, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^\[FAIL\] secret: .*refused this client", run.StdoutText);
        Assert.DoesNotContain(image.Password, run.StdoutText + run.Stderr);
    }

    /// <summary>
    /// The image update-initramfs made before our package was installed (the kernel package's):
    /// no Mandos client, no boot scripts, no keys, each its own failed line; the server, the
    /// secret and the disk are fine, and still a reboot would not unlock.
    /// </summary>
    [Fact]
    public async Task PreflightOnAnInitramfsWithoutMandosSaysWhatIsMissing()
    {
        await using OurServer server = await OurServer.StartAsync(Config(), _dir.Sub("state"));

        ProcessRunner.Result run = await PreflightOnAsync(Path.Combine(image.Work, "without-mandos.img"), Path.Combine(image.Work, "keys"), server.Port,
            "--device", Path.Combine(image.Work, "disk.img"));

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(3, Regex.Count(run.StdoutText, @"(?m)^\[FAIL\] initramfs: .*without-mandos\.img"));
        Assert.Matches(@"(?m)^\[FAIL\] initramfs: .*no Mandos keys", run.StdoutText);
        Assert.Matches(@"(?m)^\[ ok \] secret: ", run.StdoutText);
        Assert.Matches(@"(?m)^\[ ok \] device: ", run.StdoutText);
        Assert.Contains("would NOT unlock", run.StdoutText);
        Assert.DoesNotContain(image.Password, run.StdoutText + run.Stderr);
    }

    private Task<ProcessRunner.Result> PreflightAsync(string keys, int port, params string[] more) =>
        PreflightOnAsync(Path.Combine(image.Work, "initrd.img"), keys, port, more);

    private static Task<ProcessRunner.Result> PreflightOnAsync(string initramfs, string keys, int port, params string[] more) =>
        ProcessRunner.RunAsync(RepoPaths.Program("mandos-keygen"),
            ["--test", "--dir", keys, "--initramfs", initramfs, "--connect", $"127.0.0.1:{port}", "--timeout", "60", .. more],
            TimeSpan.FromMinutes(3));

    /// <summary>
    /// The root file system's init lists the processes the initramfs left behind: our
    /// local-premount script must have stopped plugin-runner and its plugins before the switch.
    /// </summary>
    private static void AssertNothingOfOursLeftRunning(VmBoot boot)
    {
        IReadOnlyList<string>? left = boot.ProcessesLeftRunning;
        Assert.True(left is not null, boot.ToString());
        foreach (string name in new[] { "plugin-runner", "mandos-client", "askpass-fifo", "password-prompt", "plymouth", "mandos-to-crypt", "dummy" })
        {
            Assert.DoesNotContain(left, running => running.Contains(name, StringComparison.Ordinal));
        }
    }
}
