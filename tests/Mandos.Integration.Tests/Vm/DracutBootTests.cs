using System.Text.RegularExpressions;
using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.Vm;

/// <summary>
/// The dracut path of a client, as an administrator sets it up on Debian 12: our packages, the
/// section the installed mandos-keygen printed, an initramfs built by Debian's dracut (systemd,
/// systemd-cryptsetup, systemd-networkd, our module 90mandos); the kernel boots it under QEMU,
/// systemd-cryptsetup asks for the passphrase through systemd's password agent protocol, our
/// password-agent (ask-password-mandos.path/.service) answers with what our mandos-client got
/// from the server (mandos=connect:ADDRESS:PORT reaches it through our mandos-generator), the
/// LUKS2 root is unlocked, mounted, systemd switches to it and its /sbin/init runs. The same
/// host's initramfs without systemd takes the other route of the module (plugin-runner).
/// </summary>
[Lane(Lane.Vm)]
[Collection(VmCollection.Name)]
public sealed class DracutBootTests(DracutImage image) : IClassFixture<DracutImage>, IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>
    /// dracut's parameters: the volume to open (its crypttab name is the root's mapping),
    /// systemd-networkd's address from ip=; ours: the server to connect to. systemd's status
    /// lines show on the console how far a failed boot got.
    /// </summary>
    private string KernelParameters =>
        $"net.ifnames=0 rd.luks.uuid={image.LuksUuid} root=/dev/mapper/cryptdata rd.neednet=1 {VmBoot.SlirpIp} " +
        "mandos=connect:10.0.2.100:7000 systemd.show_status=1";

    [Fact]
    public async Task DracutInitramfsUnlocksTheRootThroughPasswordAgentWithThePasswordFromOurServer()
    {
        await using OurServer server = await OurServer.StartAsync(ClientsConf.Write(_dir.Sub("conf"), [image.ClientSection]), _dir.Sub("state"));

        VmBoot boot = await VmBoot.SlirpAsync(image.Work, server.Port, KernelParameters, memoryMiB: 768);

        Assert.True(boot.Unlocked, $"{boot}\n--- server\n{server.Log}\n--- chroot\n{image.ChrootOutput}");
        Assert.Contains("Sending secret to dracut-client", server.Log);
        // systemd-cryptsetup asked (its console agent shows the question; nobody types there),
        // opened the volume, and systemd went on to the switch
        string[] status = StatusLines(boot.Console);
        Assert.Contains(status, l => l.Contains("Please enter passphrase for disk cryptdata", StringComparison.Ordinal));
        Assert.Contains(status, l => l.Contains("Finished", StringComparison.Ordinal) && l.Contains("Cryptography Setup for cryptdata", StringComparison.Ordinal));
        Assert.Contains(status, l => l.Contains("Reached target initrd-switch-root.target", StringComparison.Ordinal));
        Assert.DoesNotContain(image.Password, boot.Console);
        // systemd stops the agent's units and kills what is left before the switch
        IReadOnlyList<string>? left = boot.ProcessesLeftRunning;
        Assert.True(left is not null, boot.ToString());
        foreach (string name in new[] { "password-agent", "mandos-client", "plugin-runner", "systemd-tty-ask" })
        {
            Assert.DoesNotContain(left, running => running.Contains(name, StringComparison.Ordinal));
        }
    }

    /// <summary>
    /// Without systemd in the initramfs, dracut's cryptroot-ask calls ask_for_password, which our
    /// cmdline hook replaced: plugin-runner runs mandos-client (with --connect from mandos=connect)
    /// and password-prompt in parallel and the first password goes to cryptsetup.
    /// </summary>
    [Fact]
    public async Task DracutInitramfsWithoutSystemdUnlocksTheRootThroughPluginRunner()
    {
        await using OurServer server = await OurServer.StartAsync(ClientsConf.Write(_dir.Sub("conf"), [image.ClientSection]), _dir.Sub("state"));
        string parameters = $"net.ifnames=0 rd.luks.uuid={image.LuksUuid} root=/dev/mapper/cryptdata rd.neednet=1 {VmBoot.SlirpIp} " +
            "mandos=connect:10.0.2.100:7000";

        VmBoot boot = await VmBoot.SlirpAsync(image.NoSystemdWork, server.Port, parameters, memoryMiB: 768);

        Assert.True(boot.Unlocked, $"{boot}\n--- server\n{server.Log}\n--- chroot\n{image.ChrootOutput}");
        Assert.Contains("Sending secret to dracut-client", server.Log);
        // password-prompt asked beside mandos-client, for the device and name cryptroot-ask gave
        Assert.Contains("Unlocking the disk /dev/vda (cryptdata)", boot.Console);
        Assert.DoesNotContain(image.Password, boot.Console);
        IReadOnlyList<string>? left = boot.ProcessesLeftRunning;
        Assert.True(left is not null, boot.ToString());
        foreach (string name in new[] { "plugin-runner", "mandos-client", "password-prompt", "askpass-fifo", "plymouth" })
        {
            Assert.DoesNotContain(left, running => running.Contains(name, StringComparison.Ordinal));
        }
    }

    /// <summary>The console's lines without systemd's colour escapes.</summary>
    private static string[] StatusLines(string console) => Regex.Replace(console, "\u001b\\[[0-9;]*m", "").Split('\n');

    /// <summary>
    /// <c>mandos-keygen --test</c> on the image Debian's dracut built with our module 90mandos
    /// (hostonly, systemd): it is recognised as dracut's, holds the client, the boot files and
    /// the key set postinst made, and the server's passphrase opens the disk.
    /// </summary>
    [Fact]
    public async Task PreflightOnTheDracutImageSaysTheRebootWouldUnlock()
    {
        await using OurServer server = await OurServer.StartAsync(ClientsConf.Write(_dir.Sub("conf"), [image.ClientSection]), _dir.Sub("state"));

        ProcessRunner.Result run = await ProcessRunner.RunAsync(RepoPaths.Program("mandos-keygen"),
            ["--test", "--dir", Path.Combine(image.Work, "keys"), "--initramfs", Path.Combine(image.Work, "initrd.img"),
                "--connect", $"127.0.0.1:{server.Port}", "--device", Path.Combine(image.Work, "disk.img"), "--timeout", "60"],
            TimeSpan.FromMinutes(3));

        Assert.True(run.ExitCode == 0, $"{run.StdoutText}\n{run.Stderr}\n--- server\n{server.Log}");
        Assert.Contains("(dracut) holds the Mandos client", run.StdoutText, StringComparison.Ordinal);
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Count(run.StdoutText, @"(?m)^\[ ok \] initramfs: "));
        Assert.DoesNotContain(image.Password, run.StdoutText + run.Stderr);
    }
}
