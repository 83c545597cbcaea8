namespace Mandos.Integration.Tests.Vm;

/// <summary>
/// The dracut client: the chroot layer `dracut` (kernel, dracut, dracut-network, systemd,
/// cryptsetup); /etc/crypttab names the volume; Debian's dracut, in hostonly mode, builds a
/// systemd initramfs with our module 90mandos (Packaging/scenario-dracut.sh).
/// </summary>
public sealed class DracutImage() : ChrootBootImage("dracut", "scenario-dracut.sh", "dracut client: ");
