using System.Text;
using Mandos.Keygen.Preflight.Initramfs;
using Mandos.Testing.Files;

namespace Mandos.Keygen.Tests.Preflight.Initramfs;

public sealed class InitramfsImageTests : IDisposable
{
    private static readonly byte[] Secret = Encoding.ASCII.GetBytes("-----BEGIN PGP PRIVATE KEY BLOCK-----\nnot really\n");

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>A main archive laid out as Debian 12's: lib and bin are symbolic links into usr/.</summary>
    private static byte[] DebianMain() => new CpioWriter()
        .Directory(".").Directory("usr").Directory("usr/lib").Directory("usr/bin")
        .Symlink("lib", "usr/lib").Symlink("bin", "usr/bin")
        .Directory("usr/lib/mandos").Directory("usr/lib/mandos/plugins.d")
        .HardLinks(new byte[5000], CpioWriter.ProgramMode, "usr/lib/mandos/plugin-runner", "usr/lib/mandos/plugins.d/mandos-client")
        .Directory("conf").Directory("conf/conf.d").Directory("conf/conf.d/mandos")
        .File("conf/conf.d/mandos/seckey.txt", Secret, CpioWriter.SecretMode)
        .File("conf/initramfs.conf", "MODULES=most\n")
        .Trailer().ToArray();

    private string Image(byte[] bytes)
    {
        string path = _dir.File("initrd.img-6.1.0-13-amd64");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static bool KeepConf(string path) => path.StartsWith("conf/", StringComparison.Ordinal);

    private static void AssertDebianMain(InitramfsImage image)
    {
        Assert.True(image.IsExecutable("lib/mandos/plugin-runner"));
        Assert.True(image.IsExecutable("/lib/mandos/plugins.d/mandos-client"));
        Assert.True(image.Exists("./kernel/x86/microcode/GenuineIntel.bin"));
        Assert.Equal("usr/lib/mandos/plugin-runner", image.Resolve("lib/mandos/plugin-runner"));
        Assert.False(image.IsExecutable("conf/conf.d/mandos/seckey.txt"));
        Assert.Equal(Secret, image.Contents("conf/conf.d/mandos/seckey.txt"));
        Assert.Equal("MODULES=most\n", image.Text("conf/initramfs.conf"));
        Assert.Null(image.Contents("usr/lib/mandos/plugin-runner")); // not asked for
    }

    [Fact]
    [Lane(Lane.Unit)]
    public void EarlyArchiveThenGzipMainReadsThroughDirectorySymlinks()
    {
        string path = _dir.File("initrd.img");
        TestImage.Write(path, TestImage.EarlyMicrocode(), DebianMain(), "gzip");
        using InitramfsImage image = InitramfsImage.Read(path, KeepConf);
        Assert.Equal(InitramfsCompression.Gzip, image.Compression);
        AssertDebianMain(image);
    }

    [Fact]
    [Lane(Lane.Unit)]
    public void UncompressedArchivesOnlyRead()
    {
        byte[] bytes = [.. TestImage.EarlyMicrocode(), .. DebianMain()];
        using InitramfsImage image = InitramfsImage.Read(Image(bytes), KeepConf);
        Assert.Equal(InitramfsCompression.None, image.Compression);
        AssertDebianMain(image);
    }

    [Fact]
    [Lane(Lane.Unit)]
    public void HardLinksShareTheDataWrittenWithTheirLastName()
    {
        byte[] program = Encoding.ASCII.GetBytes("#!/bin/sh\nexit 0\n");
        byte[] main = new CpioWriter()
            .HardLinks(program, CpioWriter.ProgramMode, "a/first", "b/second", "c/third")
            .Trailer().ToArray();
        using InitramfsImage image = InitramfsImage.Read(Image(main), p => p == "a/first");
        Assert.Equal(program, image.Contents("a/first"));
        Assert.Equal(program, image.Contents("c/third"));
        Assert.True(image.IsExecutable("b/second"));
    }

    [Fact]
    [Lane(Lane.Unit)]
    public void DisposingClearsTheKeptContents()
    {
        string path = _dir.File("initrd.img");
        TestImage.Write(path, TestImage.EarlyMicrocode(), DebianMain(), "gzip");
        byte[] kept;
        using (InitramfsImage image = InitramfsImage.Read(path, KeepConf))
        {
            kept = image.Contents("conf/conf.d/mandos/seckey.txt")!;
            Assert.Equal(Secret, kept);
        }
        Assert.All(kept, b => Assert.Equal(0, b));
    }

    [Fact]
    [Lane(Lane.Unit)]
    public void SymlinkLoopResolvesToNothing()
    {
        byte[] main = new CpioWriter().Symlink("a", "b").Symlink("b", "/a").Trailer().ToArray();
        using InitramfsImage image = InitramfsImage.Read(Image(main), _ => false);
        Assert.Null(image.Resolve("a/x"));
        Assert.False(image.Exists("a/x"));
    }

    [Fact]
    [Lane(Lane.Unit)]
    public void TruncatedHeaderIsOneSentence()
    {
        byte[] whole = DebianMain();
        string path = Image(whole[..200]);
        InitramfsException e = Assert.Throws<InitramfsException>(() => InitramfsImage.Read(path, _ => true));
        Assert.Equal($"{path} is truncated: it ends inside a cpio entry", e.Message);
    }

    [Fact]
    [Lane(Lane.Unit)]
    public void AbsurdNameSizeIsRefused()
    {
        byte[] bytes = new CpioWriter().RawHeader("x", CpioWriter.FileMode, 0, 0x7FFFFFFF).Trailer().ToArray();
        string path = Image(bytes);
        InitramfsException e = Assert.Throws<InitramfsException>(() => InitramfsImage.Read(path, _ => true));
        Assert.Equal($"{path} is not a valid initramfs: the cpio entry at byte 0 claims a name of 2147483647 bytes", e.Message);
    }

    [Fact]
    [Lane(Lane.Unit)]
    public void FileSizeBeyondTheImageIsTruncation()
    {
        byte[] bytes = new CpioWriter().RawHeader("conf/conf.d/mandos/seckey.txt", CpioWriter.FileMode, 0xFFFFFFF0, 30).Bytes(new byte[100]).ToArray();
        string path = Image(bytes);
        InitramfsException e = Assert.Throws<InitramfsException>(() => InitramfsImage.Read(path, _ => true));
        Assert.Equal($"{path} is truncated: it ends inside a cpio entry", e.Message);
    }

    [Fact]
    [Lane(Lane.Unit)]
    public void HugeEntryCountEndsInOneSentence()
    {
        // gzip keeps the file small; the reader still sees every entry
        var writer = new CpioWriter();
        for (int i = 0; i <= InitramfsReader.MaxEntries; i++)
        {
            _ = writer.File("f", []);
        }
        string path = _dir.File("initrd.img");
        TestImage.Write(path, [], writer.Trailer().ToArray(), "gzip");
        InitramfsException e = Assert.Throws<InitramfsException>(() => InitramfsImage.Read(path, _ => true));
        Assert.Equal($"{path} holds more than {InitramfsReader.MaxEntries} entries, which no initramfs generator makes", e.Message);
    }

    [Fact]
    [Lane(Lane.Unit)]
    public void GarbageAfterTheTrailerIsRefused()
    {
        byte[] bytes = [.. DebianMain(), .. "this is no archive"u8];
        string path = Image(bytes);
        InitramfsException e = Assert.Throws<InitramfsException>(() => InitramfsImage.Read(path, _ => true));
        Assert.StartsWith($"{path} is not a valid initramfs: at byte ", e.Message);
        Assert.EndsWith("starts neither a cpio archive nor a compression the kernel knows", e.Message);
    }

    [Fact]
    [Lane(Lane.Unit)]
    public void GarbageAfterTheTrailerInsideTheCompressedPartIsRefused()
    {
        string path = _dir.File("initrd.img");
        TestImage.Write(path, TestImage.EarlyMicrocode(), [.. DebianMain(), .. "junk"u8], "gzip");
        InitramfsException e = Assert.Throws<InitramfsException>(() => InitramfsImage.Read(path, _ => true));
        Assert.StartsWith($"{path} is not a valid initramfs: at byte ", e.Message);
        Assert.EndsWith(" in its gzip-compressed part follows something other than a cpio archive", e.Message);
    }

    [Fact]
    [Lane(Lane.Unit)]
    public void UnknownCompressionIsRefused()
    {
        byte[] bytes = [.. TestImage.EarlyMicrocode(), .. "PK\u0003\u0004 a zip file"u8];
        string path = Image(bytes);
        InitramfsException e = Assert.Throws<InitramfsException>(() => InitramfsImage.Read(path, _ => true));
        Assert.Equal($"{path} is not a valid initramfs: at byte {TestImage.EarlyMicrocode().Length} starts neither a cpio archive nor a compression the kernel knows", e.Message);
    }

    [Fact]
    [Lane(Lane.Unit)]
    public void CorruptGzipIsOneSentence()
    {
        byte[] compressed = TestImage.Compress(DebianMain(), "gzip");
        for (int i = 20; i < compressed.Length - 8; i++)
        {
            compressed[i] ^= 0x5A;
        }
        string path = Image(compressed);
        InitramfsException e = Assert.Throws<InitramfsException>(() => InitramfsImage.Read(path, _ => true));
        Assert.StartsWith(path, e.Message);
    }

    [Fact]
    [Lane(Lane.Unit)]
    public void EmptyFileIsNoImage()
    {
        string path = Image([]);
        InitramfsException e = Assert.Throws<InitramfsException>(() => InitramfsImage.Read(path, _ => true));
        Assert.Equal($"{path} is empty", e.Message);
    }

    [Theory]
    [InlineData("zstd", InitramfsCompression.Zstd)]
    [InlineData("xz", InitramfsCompression.Xz)]
    [InlineData("lz4", InitramfsCompression.Lz4)]
    [Lane(Lane.Loopback)]
    public void MainPartCompressedByAProgramReads(string compression, InitramfsCompression expected)
    {
        string path = _dir.File("initrd.img");
        TestImage.Write(path, TestImage.EarlyMicrocode(), DebianMain(), compression);
        using InitramfsImage image = InitramfsImage.Read(path, KeepConf);
        Assert.Equal(expected, image.Compression);
        AssertDebianMain(image);
    }

    [Fact]
    [Lane(Lane.Loopback)]
    public void TruncatedZstdIsOneSentence()
    {
        byte[] compressed = TestImage.Compress(DebianMain(), "zstd");
        string path = Image([.. TestImage.EarlyMicrocode(), .. compressed[..(compressed.Length / 2)]]);
        InitramfsException e = Assert.Throws<InitramfsException>(() => InitramfsImage.Read(path, _ => true));
        // the end of zstd's output comes first, and with it zstd's failure
        Assert.StartsWith($"{path} is not a valid zstd stream (/usr/bin/zstd exited with status ", e.Message);
    }
}
