namespace Mandos.Keygen.Preflight.Initramfs;

/// <summary>
/// How the main part of an initramfs is compressed: the formats the Linux kernel unpacks, told
/// apart by their first bytes as the kernel tells them (lib/decompress.c).
/// </summary>
public enum InitramfsCompression
{
    /// <summary>Not compressed: the image is cpio archives only.</summary>
    None,

    Gzip,
    Bzip2,
    Lzma,
    Xz,
    Lzo,
    Lz4,
    Zstd,
}
