using Mandos.Keygen.Preflight.Initramfs;
using Mandos.Testing.Files;

namespace Mandos.Keygen.Tests.Preflight.Initramfs;

/// <summary>Which image the next boot uses, and which kernel a boot loader that takes the newest would start.</summary>
[Lane(Lane.Unit)]
public sealed class DefaultInitramfsTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void TheNewestKernelIsFoundAsSortDashVOrdersThem()
    {
        string boot = _dir.Sub("boot");
        foreach (string version in new[] { "6.1.0-9-amd64", "6.1.0-10-amd64", "5.10.0-28-amd64", "6.1.0-10-amd64.old-dkms" })
        {
            File.WriteAllText(Path.Combine(boot, "vmlinuz-" + version), "");
        }
        File.WriteAllText(Path.Combine(boot, "initrd.img-6.2.0-1-amd64"), "");

        Assert.Equal("6.1.0-10-amd64.old-dkms", DefaultInitramfs.NewestInstalledRelease(boot));
        File.Delete(Path.Combine(boot, "vmlinuz-6.1.0-10-amd64.old-dkms"));
        Assert.Equal("6.1.0-10-amd64", DefaultInitramfs.NewestInstalledRelease(boot));
    }

    [Fact]
    public void NoKernelOrNoDirectoryIsNone()
    {
        Assert.Null(DefaultInitramfs.NewestInstalledRelease(_dir.Sub("boot")));
        Assert.Null(DefaultInitramfs.NewestInstalledRelease(Path.Combine(_dir.Path, "missing")));
    }

    [Fact]
    public void DebiansNameComesFirstThenDracutsElsewhere()
    {
        string boot = _dir.Sub("boot");

        Assert.Equal(Path.Combine(boot, "initrd.img-6.8.0"), DefaultInitramfs.For("6.8.0", boot));
        File.WriteAllText(Path.Combine(boot, "initramfs-6.8.0.img"), "");
        Assert.Equal(Path.Combine(boot, "initramfs-6.8.0.img"), DefaultInitramfs.For("6.8.0", boot));
        Assert.Equal("6.8.0", DefaultInitramfs.KernelReleaseOf(Path.Combine(boot, "initramfs-6.8.0.img")));
        Assert.Equal("6.1.0-13-amd64", DefaultInitramfs.KernelReleaseOf("/boot/initrd.img-6.1.0-13-amd64"));
        Assert.Null(DefaultInitramfs.KernelReleaseOf("/tmp/my.img"));
    }
}
