using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Mandos.Core.Interop;
using Mandos.Keygen.Preflight;
using Mandos.Keygen.Preflight.Initramfs;
using Mandos.Testing.Files;

namespace Mandos.Keygen.Tests.Preflight.Initramfs;

/// <summary>
/// What root's mandos-keygen --test does with an --initramfs path another user may have a hand
/// in: no hang on a FIFO, no endless read of /dev/zero or of zeros, bounded memory for names,
/// bounded unpacking, and the keys read so far cleared whatever stops the reading.
/// </summary>
[Lane(Lane.Unit)]
public sealed class HostileImageTests : IDisposable
{
    private static readonly byte[] Secret = Encoding.ASCII.GetBytes("-----BEGIN PGP PRIVATE KEY BLOCK-----\nnot really\n");

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static InitramfsCheckOutcome Check(string path) => InitramfsCheck.Run(path, "/etc/keys/mandos", new Dictionary<string, byte[]>());

    private static CheckResult Failure(string path)
    {
        InitramfsCheckOutcome outcome = Check(path);
        CheckResult result = Assert.Single(outcome.Results);
        Assert.Equal((InitramfsCheck.Name, CheckStatus.Failed), (result.Check, result.Status));
        Assert.Null(outcome.BootConfig);
        return result;
    }

    private static InitramfsException Refused(string path, InitramfsLimits? limits = null) =>
        Assert.Throws<InitramfsException>(() => InitramfsReader.Read(path, _ => true, limits ?? InitramfsLimits.Default).Dispose());

    private string Gzip(string name, Action<Stream> write)
    {
        string path = _dir.File(name);
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        write(gzip);
        return path;
    }

    [Fact]
    public void DevZeroIsNotARegularFile()
    {
        CheckResult result = Failure("/dev/zero");
        Assert.Equal("/dev/zero is not a regular file", result.Message);
        Assert.Equal("name the initramfs image file with --initramfs IMAGE", result.Fix);
    }

    [Fact]
    public void AFifoIsNotARegularFileAndIsNotWaitedOn()
    {
        string fifo = _dir.File("initrd.img");
        Assert.Equal(0, Libc.MkFifo(fifo, 0b110_000_000));
        Assert.Equal($"{fifo} is not a regular file", Failure(fifo).Message);
    }

    [Fact]
    public void ADirectoryIsNotARegularFileRatherThanMissing()
    {
        Assert.Equal($"{_dir.Path} is not a regular file", Failure(_dir.Path).Message);
    }

    [Fact]
    public void APathThroughAFileDoesNotExist()
    {
        string file = _dir.File("file");
        File.WriteAllBytes(file, [1]);
        CheckResult result = Failure(Path.Combine(file, "initrd.img"));
        Assert.Equal($"{file}/initrd.img does not exist: the next boot has no initramfs", result.Message);
        Assert.Contains("-c", result.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void ASymbolicLinkToTheImageIsFollowed()
    {
        string image = _dir.File("initrd.img-6.1.0-13-amd64");
        File.WriteAllBytes(image, new CpioWriter().File("conf/initramfs.conf", "MODULES=most\n").Trailer().ToArray());
        string link = _dir.File("initrd.img");
        File.CreateSymbolicLink(link, image);
        using InitramfsImage read = InitramfsImage.Read(link, _ => true);
        Assert.Equal("MODULES=most\n", read.Text("conf/initramfs.conf"));
    }

    [Fact]
    public void PaddingAsGnuCpioWritesItIsSkipped()
    {
        string path = _dir.File("initrd.img");
        byte[] main = new CpioWriter().File("conf/initramfs.conf", "x").Trailer().ToArray();
        TestImage.Write(path, [.. TestImage.EarlyMicrocode(), .. new byte[InitramfsLimits.Default.MaxZeroRun - 512]], main, "gzip");
        using InitramfsImage image = InitramfsImage.Read(path, _ => true);
        Assert.Equal("x", image.Text("conf/initramfs.conf"));
    }

    [Fact]
    public void ALongRunOfZerosBetweenArchivesIsOneSentence()
    {
        string path = _dir.File("initrd.img");
        byte[] early = TestImage.EarlyMicrocode(); // ends with 512 zeros
        TestImage.Write(path, [.. early, .. new byte[InitramfsLimits.Default.MaxZeroRun]], DebianLike(), "gzip");
        InitramfsException e = Refused(path);
        Assert.Equal($"{path} is not a valid initramfs: at byte {early.Length - 512} starts a run of more than 1 MiB of zero bytes, longer than any padding between archives", e.Message);
    }

    [Fact]
    public void AHugeSparseFileOfZerosEndsAfterTheLimitNotAtItsEnd()
    {
        string path = _dir.File("initrd.img");
        using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
        {
            file.SetLength(1L << 40); // a terabyte, sparse: reading it all would take hours
        }
        Assert.Equal($"{path} is not a valid initramfs: at byte 0 starts a run of more than 1 MiB of zero bytes, longer than any padding between archives",
            Failure(path).Message);
    }

    [Fact]
    public void AGzipOfZerosIsOneSentence()
    {
        byte[] zeros = new byte[1 << 16];
        string path = Gzip("initrd.img", gzip =>
        {
            for (int i = 0; i < 1024; i++)
            {
                gzip.Write(zeros); // 64 MiB
            }
        });
        Assert.Equal($"{path} is not a valid initramfs: at byte 0 in its gzip-compressed part starts a run of more than 1 MiB of zero bytes, longer than any padding between archives",
            Failure(path).Message);
    }

    [Fact]
    public void LongNamesAndLinkTargetsBeyondTheLimitAreOneSentence()
    {
        // the review's image: thousands of symbolic links of near PATH_MAX names and targets, a
        // small gzip file that would otherwise keep hundreds of megabytes of names
        string target = new('t', 4000);
        string path = Gzip("initrd.img", gzip =>
        {
            var writer = new CpioWriter();
            for (int i = 0; i * 8000 <= InitramfsLimits.Default.MaxNameBytes; i++)
            {
                _ = writer.Symlink($"{i:D6}{new string('n', 3994)}", target);
            }
            gzip.Write(writer.Trailer().ToArray());
        });
        Assert.Equal($"{path} holds more than 16 MiB of names and link targets, which no initramfs generator makes", Failure(path).Message);
    }

    [Fact]
    public void MoreUnpackedDataThanTheLimitIsOneSentence()
    {
        InitramfsLimits limits = InitramfsLimits.Default with { MaxUnpackedBytes = 1 << 20 };
        byte[] main = new CpioWriter().File("big", RandomNumberGenerator.GetBytes(1 << 20)).Trailer().ToArray();
        string compressed = _dir.File("compressed.img");
        TestImage.Write(compressed, TestImage.EarlyMicrocode(), main, "gzip");
        string plain = _dir.File("plain.img");
        File.WriteAllBytes(plain, main);

        Assert.Equal($"{compressed} unpacks to more than 1 MiB, which no initramfs does", Refused(compressed, limits).Message);
        Assert.Equal($"{plain} unpacks to more than 1 MiB, which no initramfs does", Refused(plain, limits).Message);
    }

    [Fact]
    public void AnImageOfExactlyTheLimitIsRead()
    {
        byte[] main = new CpioWriter().File("conf/initramfs.conf", "x").Trailer().ToArray();
        string path = _dir.File("initrd.img");
        File.WriteAllBytes(path, main);
        using InitramfsImage image = InitramfsReader.Read(path, _ => true, InitramfsLimits.Default with { MaxUnpackedBytes = main.Length });
        Assert.Equal("x", image.Text("conf/initramfs.conf"));
        Assert.Equal($"{path} unpacks to more than {main.Length - 1} bytes, which no initramfs does",
            Refused(path, InitramfsLimits.Default with { MaxUnpackedBytes = main.Length - 1 }).Message);
    }

    [Fact]
    public void KeysReadBeforeAnUnexpectedFailureAreCleared()
    {
        string path = _dir.File("initrd.img");
        File.WriteAllBytes(path, new CpioWriter()
            .File("conf/conf.d/mandos/seckey.txt", Secret, CpioWriter.SecretMode)
            .File("boom", "x")
            .Trailer().ToArray());
        var image = new InitramfsImage(path);
        byte[]? kept = null;
        bool Keep(string name)
        {
            if (name == "boom")
            {
                kept = image.Contents("conf/conf.d/mandos/seckey.txt");
                throw new InvalidOperationException("not an I/O error");
            }
            return true;
        }

        _ = Assert.Throws<InvalidOperationException>(() => InitramfsReader.ReadInto(image, Keep, InitramfsLimits.Default));

        Assert.NotNull(kept);
        Assert.Equal(Secret.Length, kept.Length);
        Assert.All(kept, b => Assert.Equal(0, b));
    }

    [Fact]
    public void KeysReadBeforeATruncationAreCleared()
    {
        string path = _dir.File("initrd.img");
        byte[] whole = new CpioWriter()
            .File("conf/conf.d/mandos/seckey.txt", Secret, CpioWriter.SecretMode)
            .File("later", new byte[1000])
            .Trailer().ToArray();
        File.WriteAllBytes(path, whole[..^200]);
        var image = new InitramfsImage(path);
        byte[]? kept = null;
        bool Keep(string name)
        {
            kept ??= image.Contents("conf/conf.d/mandos/seckey.txt");
            return true;
        }

        InitramfsException e = Assert.Throws<InitramfsException>(() => InitramfsReader.ReadInto(image, Keep, InitramfsLimits.Default));

        Assert.Equal($"{path} is truncated: it ends inside a cpio entry", e.Message);
        Assert.NotNull(kept);
        Assert.All(kept, b => Assert.Equal(0, b));
    }

    private static byte[] DebianLike() => new CpioWriter()
        .Directory("conf").File("conf/initramfs.conf", "MODULES=most\n").Trailer().ToArray();
}
