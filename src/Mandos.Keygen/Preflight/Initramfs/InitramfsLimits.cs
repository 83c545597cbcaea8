namespace Mandos.Keygen.Preflight.Initramfs;

/// <summary>
/// How much of an image the reader takes before it calls the image hostile, far above what the
/// generators make: Debian's and Fedora's images unpack to well under 1 GiB and hold a few
/// thousand paths of under 100 bytes each (well under 2 MiB of names and link targets); GNU cpio
/// pads an archive to 512 bytes, the kernel's own alignment is 4. Tests pass smaller ones.
/// </summary>
/// <param name="MaxUnpackedBytes">the bytes of cpio data read, uncompressed and decompressed together</param>
/// <param name="MaxNameBytes">the bytes of entry names and symbolic link targets, which the image keeps in memory</param>
/// <param name="MaxZeroRun">the longest run of zero bytes between archives</param>
internal sealed record InitramfsLimits(long MaxUnpackedBytes, long MaxNameBytes, long MaxZeroRun)
{
    public static InitramfsLimits Default { get; } = new(4L << 30, 16 << 20, 1 << 20);

    /// <summary>A size in words (bytes, KiB, MiB or GiB).</summary>
    public static string Describe(long bytes) => bytes switch
    {
        >= 1L << 30 when bytes % (1L << 30) == 0 => $"{bytes >> 30} GiB",
        >= 1 << 20 when bytes % (1 << 20) == 0 => $"{bytes >> 20} MiB",
        >= 1 << 10 when bytes % (1 << 10) == 0 => $"{bytes >> 10} KiB",
        _ => $"{bytes} bytes",
    };
}
