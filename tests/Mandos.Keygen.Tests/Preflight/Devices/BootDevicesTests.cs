using Mandos.Keygen.Preflight.Devices;

namespace Mandos.Keygen.Tests.Preflight.Devices;

[Lane(Lane.Unit)]
public sealed class BootDevicesTests
{
    private const string EtcCrypttab = """
        # keyscript of Mandos, by its Debian path and the initramfs' path
        mandos1 UUID=aaaa sda1 luks,keyscript=/usr/lib/x86_64-linux-gnu/mandos/plugin-runner
        mandos2 /dev/sdb1 none luks,keyscript=/lib/mandos/plugin-runner
        # the initramfs option and a passphrase prompt
        early /dev/sdc1 none luks,initramfs
        # another keyscript, even with initramfs, is not Mandos
        smartcard /dev/sdd1 none luks,initramfs,keyscript=decrypt_opensc
        # not needed at boot
        data /dev/sde1 none luks
        # under the root file system
        sda3_crypt UUID=bbbb none luks,discard
        # under /, but unlocked by a key file
        keyed /dev/sdf1 /etc/keys/keyed.key luks
        """;

    [Fact]
    public void FromEtcCrypttabTakesMandosKeyscriptsTheInitramfsOptionAndWhatIsUnderRoot()
    {
        BootDeviceSelection selection = BootDevices.FromEtcCrypttab(EtcCrypttab, new HashSet<string> { "sda3_crypt", "keyed" });

        Assert.Equal(["mandos1", "mandos2", "early", "sda3_crypt"], selection.Devices.Select(d => d.Target));
        Assert.Equal(Crypttab.EtcPath, selection.Origin);
        Assert.Equal("UUID=bbbb", selection.Devices[3].Source);
    }

    [Fact]
    public void WithoutRootMappingsOnlyMarkedEntriesAreTaken()
    {
        BootDeviceSelection selection = BootDevices.FromEtcCrypttab(EtcCrypttab, new HashSet<string>());

        Assert.Equal(["mandos1", "mandos2", "early"], selection.Devices.Select(d => d.Target));
    }

    [Fact]
    public void FromInitramfsTakesEveryEntryThatWaitsForAPassphraseOrMandos()
    {
        BootDeviceSelection selection = BootDevices.FromInitramfs("""
            sda3_crypt UUID=bbbb none luks,discard
            swap_crypt UUID=cccc none luks
            keyed UUID=dddd /cryptroot/keyfiles/keyed.key luks
            other UUID=eeee none luks,keyscript=/lib/cryptsetup/scripts/decrypt_keyctl
            viamandos UUID=ffff none luks,keyscript=/lib/mandos/plugin-runner
            """);

        Assert.Equal(["sda3_crypt", "swap_crypt", "viamandos"], selection.Devices.Select(d => d.Target));
        Assert.Equal(BootDevices.InitramfsCrypttab, selection.Origin);
    }

    [Fact]
    public void MalformedLinesReachTheSelection()
    {
        BootDeviceSelection selection = BootDevices.FromInitramfs("broken\nroot /dev/sda2 none\n");

        Assert.Single(selection.Devices);
        Assert.Equal($"{BootDevices.InitramfsCrypttab} line 1 has 1 field, not 2 to 4 (target, source, key file, options); it is left out.", Assert.Single(selection.Problems));
    }

    [Theory]
    [InlineData("/usr/lib/x86_64-linux-gnu/mandos/plugin-runner", true)]
    [InlineData("/usr/lib/mandos/plugin-runner", true)]
    [InlineData("/lib/mandos/plugin-runner", true)]
    [InlineData("mandos", true)]
    [InlineData("/lib/cryptsetup/scripts/mandos", true)]
    [InlineData("/usr/lib/x86_64-linux-gnu/mandos/plugins.d/mandos-client", false)]
    [InlineData("decrypt_keyctl", false)]
    [InlineData("plugin-runner", false)]
    [InlineData(null, false)]
    public void MandosKeyscriptIsOurPluginRunner(string? keyscript, bool mandos) => Assert.Equal(mandos, BootDevices.IsMandosKeyscript(keyscript));

    [Fact]
    public void NamedIsTheOneDeviceWithoutCrypttabTarget()
    {
        BootDevice device = Assert.Single(BootDevices.Named("/dev/vdb").Devices);

        Assert.Null(device.Target);
        Assert.Equal("/dev/vdb", device.Describe("/dev/vdb"));
        Assert.Equal("/dev/sda3 (crypttab: sda3_crypt)", new BootDevice("sda3_crypt", "UUID=x", []).Describe("/dev/sda3"));
    }
}
