using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.Vm;

/// <summary>
/// A real Linux kernel boots under QEMU with an initramfs that our initramfs-tools hook and boot
/// scripts made; its keyscript (plugin-runner, running our mandos-client) gets the passphrase of
/// the LUKS2 disk from a Mandos server on the host, and the disk is unlocked (or, when the
/// server must refuse, is not).
/// </summary>
[Lane(Lane.Vm)]
[Collection(VmCollection.Name)]
public sealed class VmBootTests(VmImage image) : IDisposable
{
    private const string ConnectToHost = "mandos=connect:10.0.2.100:7000 " + VmBoot.SlirpIp;

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Config(string extra = "") =>
        ClientsConf.Write(_dir.Sub("conf"), [image.Keys.ClientSection.TrimEnd() + "\n" + extra]);

    [Fact]
    public async Task InitramfsUnlocksTheDiskWithThePasswordFromOurServer()
    {
        await using OurServer server = await OurServer.StartAsync(Config(), _dir.Sub("state"));

        VmBoot boot = await VmBoot.SlirpAsync(image, server.Port, ConnectToHost);

        Assert.True(boot.Unlocked, $"{boot}\n--- server\n{server.Log}");
        Assert.Contains("Sending secret to vm-client", server.Log);
        Assert.Contains("keyscript=/lib/mandos/plugin-runner", boot.Console);
        Assert.DoesNotContain(image.Keys.Password, boot.Console);
    }

    [Fact]
    public async Task InitramfsUnlocksTheDiskWithThePasswordFromDebiansServer()
    {
        await using DebianServer server = await DebianServer.StartAsync(_dir.Sub("debian"), Config());

        VmBoot boot = await VmBoot.SlirpAsync(image, server.Port, ConnectToHost);

        // The passphrase exists only in that server's clients.conf; Debian's server logs to syslog.
        Assert.True(boot.Unlocked, $"{boot}\n--- server\n{server.Log}");
    }

    [Fact]
    public async Task ClientDisabledOnTheServerDoesNotUnlockTheDisk()
    {
        await using OurServer server = await OurServer.StartAsync(Config("enabled = False\n"), _dir.Sub("state"));

        await using BootingVm booting = VmBoot.StartSlirp(image, server.Port, ConnectToHost);

        // The guest never powers off: plugin-runner's password-prompt plugin waits for a typed
        // passphrase, and the server refuses the client. Once both show, the boot is stopped.
        await booting.WaitForConsoleAsync("Unlocking the disk /dev/vda (cryptdata)\nEnter passphrase: ");
        await server.WaitForLogAsync("Client vm-client is disabled");
        VmBoot boot = await booting.StopAsync();

        Assert.False(boot.Unlocked, boot.ToString());
        Assert.DoesNotContain("E2E-UNLOCKED", boot.Console);
        Assert.DoesNotContain("Sending secret", server.Log);
        Assert.Contains("Unlocking the disk /dev/vda (cryptdata)\nEnter passphrase: ", boot.Console);
    }

    [Fact]
    public async Task MandosOffOnTheKernelCommandLineLeavesTheDiskAlone()
    {
        await using OurServer server = await OurServer.StartAsync(Config(), _dir.Sub("state"));

        VmBoot boot = await VmBoot.SlirpAsync(image, server.Port, "mandos=off " + ConnectToHost);

        // the boot script did not make plugin-runner the keyscript, so nothing asked the server
        Assert.False(boot.Unlocked, boot.ToString());
        Assert.Contains("E2E-FAILED: no keyscript in /conf/conf.d/cryptroot: target=cryptdata,source=/dev/vda,rootdev,key=none\n", boot.Console);
        // No TLS connection got as far as naming its key (the checker's own log lines name the client too).
        Assert.DoesNotContain("belongs to client vm-client", server.Log);
        Assert.DoesNotContain("Client not found for key ID", server.Log);
    }

    [Fact]
    public async Task InitramfsClientDiscoversTheServerAnnouncedOnTheLanAndUnlocks()
    {
        const int Port = 7779;
        await using VmNetwork network = await VmNetwork.CreateAsync();
        await using OurServer server = await OurServer.StartInAsync(network.Namespace, Config(), _dir.Sub("state"), Port);
        // mandos=connect without an address: the network comes up from ip=, the client browses.
        Task<VmBoot> booting = VmBoot.TapAsync(image, network.Namespace.Name, network.Host.Link, "mandos=connect " + VmNetwork.GuestIp);
        // Avahi publishes once QEMU holds the tap device (it needs a running interface).
        await using AvahiDaemon avahi = await AvahiDaemon.StartAsync(network.Host, new StaticService("Mandos", Port));

        VmBoot boot = await booting;

        Assert.True(boot.Unlocked, $"{boot}\n--- server\n{server.Log}\n--- avahi\n{avahi.Log}");
        Assert.DoesNotContain("--connect", boot.Console);
        Assert.Contains("Sending secret to vm-client", server.Log);
    }
}
