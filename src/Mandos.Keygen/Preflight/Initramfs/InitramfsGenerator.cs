namespace Mandos.Keygen.Preflight.Initramfs;

/// <summary>Which program made an initramfs image, told by what it put in.</summary>
public enum InitramfsGenerator
{
    /// <summary>Neither of the two Mandos has boot scripts for.</summary>
    Unknown,

    /// <summary>Debian's initramfs-tools (update-initramfs, mkinitramfs), with conf/ and scripts/.</summary>
    InitramfsTools,

    /// <summary>dracut, with usr/lib/dracut/.</summary>
    Dracut,
}
