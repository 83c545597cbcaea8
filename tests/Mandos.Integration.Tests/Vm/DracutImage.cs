namespace Mandos.Integration.Tests.Vm;

/// <summary>
/// The dracut client: the chroot layer `dracut` (kernel, dracut, dracut-network, systemd,
/// cryptsetup); /etc/crypttab names the volume; Debian's dracut, in hostonly mode, builds a
/// systemd initramfs with our module 90mandos, and a second one without systemd
/// (Packaging/scenario-dracut.sh).
/// </summary>
public sealed class DracutImage() : ChrootBootImage("dracut", "scenario-dracut.sh", "dracut client: ")
{
    /// <summary>A run.sh work directory with the initramfs without systemd, the same kernel and disk.</summary>
    public string NoSystemdWork => Path.Combine(Work, "nosystemd");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        foreach (string file in new[] { "vmlinuz", "disk.img", "marker" })
        {
            File.CreateSymbolicLink(Path.Combine(NoSystemdWork, file), Path.Combine(Work, file));
        }
    }
}
