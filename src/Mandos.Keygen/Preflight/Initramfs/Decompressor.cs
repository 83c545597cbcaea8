using System.IO.Compression;
using Microsoft.Win32.SafeHandles;

namespace Mandos.Keygen.Preflight.Initramfs;

/// <summary>
/// The decompressed bytes of an initramfs's compressed part. gzip is undone in-process; every other
/// format by its own program at a fixed path (never looked up through PATH: mandos-keygen --test
/// runs as root), reading the image file from the segment's offset on its stdin. Both read the
/// descriptor the image was opened and checked with, never the path again.
/// </summary>
internal static class Decompressor
{
    /// <summary>The decompressed data of the segment of the image <paramref name="image"/> (named <paramref name="imagePath"/>) that starts at <paramref name="offset"/>; <paramref name="image"/> stays open.</summary>
    public static Stream Open(SafeFileHandle image, string imagePath, long offset, InitramfsCompression compression)
    {
        if (compression == InitramfsCompression.Gzip)
        {
            return new GZipStream(new ImageFileStream(image, offset), CompressionMode.Decompress, leaveOpen: false);
        }
        (string program, string[] arguments, string package) = compression switch
        {
            InitramfsCompression.Zstd => ("/usr/bin/zstd", new[] { "-dc" }, "zstd"),
            InitramfsCompression.Xz => ("/usr/bin/xz", ["-dc"], "xz-utils"),
            InitramfsCompression.Lzma => ("/usr/bin/xz", ["--format=lzma", "-dc"], "xz-utils"),
            InitramfsCompression.Bzip2 => ("/usr/bin/bzip2", ["-dc"], "bzip2"),
            InitramfsCompression.Lz4 => ("/usr/bin/lz4", ["-dc"], "lz4"),
            InitramfsCompression.Lzo => ("/usr/bin/lzop", ["-dc"], "lzop"),
            _ => throw new ArgumentOutOfRangeException(nameof(compression)),
        };
        if (!File.Exists(program))
        {
            throw new InitramfsException($"{imagePath} is compressed with {Name(compression)}, but {program} is missing: apt install {package}");
        }
        return DecompressorProcess.Start(image, imagePath, offset, Name(compression), program, arguments);
    }

    /// <summary>The format's usual name (zstd, xz, lz4, …).</summary>
    public static string Name(InitramfsCompression compression) => compression switch
    {
        InitramfsCompression.None => "no compression",
        _ => compression.ToString().ToLowerInvariant(),
    };
}
