namespace Mandos.Integration.Tests.Vm;

/// <summary>
/// The initramfs-tools client: the chroot layer `boot` (kernel, initramfs-tools,
/// cryptsetup-initramfs); /etc/crypttab names the volume; Debian's own update-initramfs builds
/// the initramfs with cryptsetup's hooks and ours (Packaging/scenario-initramfs.sh). A second
/// initramfs is made with plugin-runner as the crypttab keyscript.
/// </summary>
public sealed class PackagedImage() : ChrootBootImage("boot", "scenario-initramfs.sh", "packaged client: ")
{
    /// <summary>A run.sh work directory with the keyscript initramfs, the same kernel and disk.</summary>
    public string KeyscriptWork => Path.Combine(Work, "keyscript");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        foreach (string file in new[] { "vmlinuz", "disk.img", "marker" })
        {
            File.CreateSymbolicLink(Path.Combine(KeyscriptWork, file), Path.Combine(Work, file));
        }
    }
}
