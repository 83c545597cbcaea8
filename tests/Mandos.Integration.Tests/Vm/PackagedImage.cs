namespace Mandos.Integration.Tests.Vm;

/// <summary>
/// The initramfs-tools client: the chroot layer `boot` (kernel, initramfs-tools,
/// cryptsetup-initramfs); /etc/crypttab names the volume; Debian's own update-initramfs builds
/// the initramfs with cryptsetup's hooks and ours (Packaging/scenario-initramfs.sh).
/// </summary>
public sealed class PackagedImage() : ChrootBootImage("boot", "scenario-initramfs.sh", "packaged client: ");
