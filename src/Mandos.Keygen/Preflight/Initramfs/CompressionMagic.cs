namespace Mandos.Keygen.Preflight.Initramfs;

/// <summary>Which compression a segment of an initramfs starts with, from its magic bytes.</summary>
internal static class CompressionMagic
{
    /// <summary>How many bytes <see cref="Detect"/> looks at.</summary>
    public const int Length = 6;

    /// <summary>The compression the bytes start with, or null when they start no format the kernel knows.</summary>
    public static InitramfsCompression? Detect(ReadOnlySpan<byte> start) => start switch
    {
        [0x1f, 0x8b or 0x9e, ..] => InitramfsCompression.Gzip,
        [(byte)'B', (byte)'Z', (byte)'h', ..] => InitramfsCompression.Bzip2,
        [0x5d, 0x00, 0x00, ..] => InitramfsCompression.Lzma,
        [0xfd, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0x00, ..] => InitramfsCompression.Xz,
        [0x89, (byte)'L', (byte)'Z', (byte)'O', ..] => InitramfsCompression.Lzo,
        // the legacy frame (lz4 -l), which the kernel writes and reads, and the frame format
        [0x02, 0x21, 0x4c, 0x18, ..] or [0x04, 0x22, 0x4d, 0x18, ..] => InitramfsCompression.Lz4,
        [0x28, 0xb5, 0x2f, 0xfd, ..] => InitramfsCompression.Zstd,
        _ => null,
    };
}
