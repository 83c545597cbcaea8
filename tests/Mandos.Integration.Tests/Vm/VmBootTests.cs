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
    /// <summary>A boot that unlocks takes 5-20 s of TCG time here; the limit only bounds a failure.</summary>
    private static readonly TimeSpan BootLimit = TimeSpan.FromSeconds(120);

    /// <summary>How long a boot that must not unlock is watched.</summary>
    private static readonly TimeSpan RefusedBootWatch = TimeSpan.FromSeconds(35);

    private const string ConnectToHost = "mandos=connect:10.0.2.100:7000 " + VmBoot.SlirpIp;

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Config(string extra = "") =>
        ClientsConf.Write(_dir.Sub("conf"), [image.Keys.ClientSection.TrimEnd() + "\n" + extra]);

    [Fact]
    public async Task InitramfsUnlocksTheDiskWithThePasswordFromOurServer()
    {
        await using OurServer server = await OurServer.StartAsync(Config(), _dir.Sub("state"));

        VmBoot boot = await VmBoot.SlirpAsync(image, server.Port, ConnectToHost, BootLimit);

        Assert.True(boot.Unlocked, $"{boot}\n--- server\n{server.Log}");
        Assert.Contains("Sending secret to vm-client", server.Log);
        Assert.Contains("keyscript=/lib/mandos/plugin-runner", boot.Console);
        Assert.DoesNotContain(image.Keys.Password, boot.Console);
    }

    [Fact]
    public async Task InitramfsUnlocksTheDiskWithThePasswordFromDebiansServer()
    {
        await using DebianServer server = await DebianServer.StartAsync(_dir.Sub("debian"), Config());

        VmBoot boot = await VmBoot.SlirpAsync(image, server.Port, ConnectToHost, BootLimit);

        // The passphrase exists only in that server's clients.conf; Debian's server logs to syslog.
        Assert.True(boot.Unlocked, $"{boot}\n--- server\n{server.Log}");
    }

    [Fact]
    public async Task ClientDisabledOnTheServerDoesNotUnlockTheDisk()
    {
        await using OurServer server = await OurServer.StartAsync(Config("enabled = False\n"), _dir.Sub("state"));

        VmBoot boot = await VmBoot.SlirpAsync(image, server.Port, ConnectToHost, RefusedBootWatch);

        Assert.False(boot.Unlocked, boot.ToString());
        Assert.DoesNotContain("E2E-UNLOCKED", boot.Console);
        Assert.Contains("Client vm-client is disabled", server.Log);
        Assert.DoesNotContain("Sending secret", server.Log);
        // plugin-runner's password-prompt plugin is still waiting for a typed passphrase
        Assert.Contains("Unlocking the disk /dev/vda (cryptdata)\nEnter passphrase: ", boot.Console);
    }

    [Fact]
    public async Task MandosOffOnTheKernelCommandLineLeavesTheDiskAlone()
    {
        await using OurServer server = await OurServer.StartAsync(Config(), _dir.Sub("state"));

        VmBoot boot = await VmBoot.SlirpAsync(image, server.Port, "mandos=off " + ConnectToHost, BootLimit);

        // the boot script did not make plugin-runner the keyscript, so nothing asked the server
        Assert.False(boot.Unlocked, boot.ToString());
        Assert.Contains("E2E-FAILED: no keyscript in /conf/conf.d/cryptroot: target=cryptdata,source=/dev/vda,rootdev,key=none\n", boot.Console);
        Assert.DoesNotContain("vm-client", server.Log);
    }

    [Fact]
    public async Task InitramfsClientDiscoversTheServerAnnouncedOnTheLanAndUnlocks()
    {
        const int Port = 7779;
        await using VmNetwork network = await VmNetwork.CreateAsync();
        await using OurServer server = await OurServer.StartInAsync(network.Namespace, Config(), _dir.Sub("state"), Port);
        // mandos=connect without an address: the network comes up from ip=, the client browses.
        Task<VmBoot> booting = VmBoot.TapAsync(image, network.Namespace.Name, network.Host.Link, "mandos=connect " + VmNetwork.GuestIp, BootLimit);
        // Avahi publishes once QEMU holds the tap device (it needs a running interface).
        await using AvahiDaemon avahi = await AvahiDaemon.StartAsync(network.Host, new StaticService("Mandos", Port));

        VmBoot boot = await booting;

        Assert.True(boot.Unlocked, $"{boot}\n--- server\n{server.Log}\n--- avahi\n{avahi.Log}");
        Assert.DoesNotContain("--connect", boot.Console);
        Assert.Contains("Sending secret to vm-client", server.Log);
    }
}
