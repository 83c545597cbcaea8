using Mandos.Keygen.Preflight;
using Mandos.Keygen.Preflight.Devices;
using Mandos.Testing.Files;

namespace Mandos.Keygen.Tests.Preflight.Devices;

/// <summary>What the check says before it would start cryptsetup: no devices, no cryptsetup, a device not present.</summary>
[Lane(Lane.Unit)]
public sealed class DeviceCheckTests
{
    private static readonly byte[] Passphrase = "unit-secret-passphrase"u8.ToArray();

    [Fact]
    public void NoDeviceIsAFailureThatPointsToDeviceOption()
    {
        CheckResult result = Assert.Single(DeviceCheck.Run(BootDevices.FromEtcCrypttab("data /dev/sdb1 none luks\n", new HashSet<string>()), Passphrase, null, "/"));

        Assert.Equal((DeviceCheck.Name, CheckStatus.Failed), (result.Check, result.Status));
        Assert.Contains("no LUKS device boots through Mandos here", result.Message, StringComparison.Ordinal);
        Assert.Contains("/etc/crypttab", result.Message, StringComparison.Ordinal);
        Assert.Contains("--device PATH", result.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingCryptsetupSaysWhatToInstall()
    {
        CheckResult result = Assert.Single(DeviceCheck.Run(BootDevices.Named("/dev/sda3"), Passphrase, null, "/"));

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("/usr/sbin/cryptsetup nor /sbin/cryptsetup", result.Message, StringComparison.Ordinal);
        Assert.Equal("install cryptsetup-bin", result.Fix);
    }

    [Fact]
    public void AnAbsentDeviceIsAFailureNamingTargetAndSourceWithoutRunningCryptsetup()
    {
        using var root = new TempDir();
        var never = new Cryptsetup(root.File("no-such-cryptsetup"));
        BootDeviceSelection selection = BootDevices.FromInitramfs("broken line here now too\nsda3_crypt UUID=0a1b none luks\n");

        IReadOnlyList<CheckResult> results = DeviceCheck.Run(selection, Passphrase, never, root.Path);

        Assert.Equal([CheckStatus.Warning, CheckStatus.Failed], results.Select(r => r.Status));
        Assert.Contains("line 1 has 5 fields", results[0].Message, StringComparison.Ordinal);
        Assert.Equal("the device UUID=0a1b of crypttab target sda3_crypt is not present", results[1].Message);
        Assert.All(results, r => Assert.DoesNotContain("unit-secret-passphrase", r.ToString(), StringComparison.Ordinal));
    }
}
