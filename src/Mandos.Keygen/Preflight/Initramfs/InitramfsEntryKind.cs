namespace Mandos.Keygen.Preflight.Initramfs;

/// <summary>What a cpio entry of an initramfs is (its mode's file type).</summary>
public enum InitramfsEntryKind
{
    /// <summary>A regular file.</summary>
    File,

    /// <summary>A directory.</summary>
    Directory,

    /// <summary>A symbolic link, whose target the entry keeps.</summary>
    Symlink,

    /// <summary>A device node, FIFO or socket.</summary>
    Other,
}
