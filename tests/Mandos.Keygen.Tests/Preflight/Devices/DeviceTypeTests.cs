using Mandos.Core.Interop;
using Mandos.Keygen.Preflight;
using Mandos.Keygen.Preflight.Devices;
using Mandos.Testing.Files;

namespace Mandos.Keygen.Tests.Preflight.Devices;

/// <summary>
/// What the device check refuses before it would start cryptsetup (which waits forever on a
/// FIFO), and how it shows names from a crypttab or the file system: control characters as '?'.
/// The cryptsetup given is a path that does not exist, so a line that would have started it says
/// so ("could not be started").
/// </summary>
[Lane(Lane.Unit)]
public sealed class DeviceTypeTests : IDisposable
{
    private static readonly byte[] Passphrase = "unit-secret-passphrase"u8.ToArray();

    private readonly TempDir _root = new();
    private readonly Cryptsetup _never;

    public DeviceTypeTests()
    {
        _never = new Cryptsetup(_root.File("no-such-cryptsetup"));
        _ = Directory.CreateDirectory(_root.File("dev"));
    }

    public void Dispose() => _root.Dispose();

    private IReadOnlyList<CheckResult> Run(BootDeviceSelection selection, string? root = null) =>
        DeviceCheck.Run(selection, Passphrase, _never, root ?? _root.Path);

    private static void AssertPrintable(IEnumerable<CheckResult> results) =>
        Assert.All(results, r =>
        {
            Assert.DoesNotContain(r.Message, char.IsControl);
            Assert.DoesNotContain(r.Fix ?? "", char.IsControl);
        });

    [Fact]
    public void ACharacterDeviceIsNotTested()
    {
        CheckResult result = Assert.Single(Run(BootDevices.Named("/dev/null"), "/"));

        Assert.Equal(CheckResult.Failed(DeviceCheck.Name, "/dev/null is not a block device or disk image", "name the LUKS device with --device PATH"), result);
    }

    [Fact]
    public void AFifoInCrypttabIsNotTestedEvenThroughALink()
    {
        Assert.Equal(0, Libc.MkFifo(_root.File("dev/fifo"), 0b110_000_000));
        File.CreateSymbolicLink(_root.File("dev/link"), _root.File("dev/fifo"));

        IReadOnlyList<CheckResult> results = Run(BootDevices.FromInitramfs("a_crypt /dev/fifo none luks\nb_crypt /dev/link none luks\n"));

        Assert.Equal(
            [
                $"{_root.Path}/dev/fifo (crypttab: a_crypt) is not a block device or disk image",
                $"{_root.Path}/dev/fifo (crypttab: b_crypt) is not a block device or disk image",
            ],
            results.Select(r => r.Message));
        Assert.Equal($"correct the source of a_crypt in {BootDevices.InitramfsCrypttab}", results[0].Fix);
    }

    [Fact]
    public void ADirectoryIsNotTested()
    {
        CheckResult result = Assert.Single(Run(BootDevices.Named("/dev")));

        Assert.Equal($"{_root.Path}/dev is not a block device or disk image", result.Message);
    }

    [Fact]
    public void ARegularFileIsAnImageForCryptsetup()
    {
        File.WriteAllBytes(_root.File("dev/disk.img"), new byte[4096]);

        CheckResult result = Assert.Single(Run(BootDevices.Named("/dev/disk.img")));

        Assert.StartsWith($"{_never.Path} could not be started to test {_root.Path}/dev/disk.img: ", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ControlCharactersOfACrypttabTargetAreShownAsQuestionMarks()
    {
        // octal-decoded by Crypttab.Decode: ESC ] 0 ; TITLE BEL would retitle root's terminal
        IReadOnlyList<CheckResult> results = Run(BootDevices.FromInitramfs("x\\0033]0;TITLE\\0007 UUID=0a1b none luks\n"));

        CheckResult result = Assert.Single(results);
        Assert.Equal("the device UUID=0a1b of crypttab target x?]0;TITLE? is not present", result.Message);
        Assert.Equal($"connect that disk, or correct the source of x?]0;TITLE? in {BootDevices.InitramfsCrypttab}", result.Fix);
    }

    [Fact]
    public void ControlCharactersOfSourcesPathsAndRefusedLinesAreShownAsQuestionMarks()
    {
        string image = "disk\u001b[2J\n.img";
        File.WriteAllBytes(_root.File("dev/" + image), new byte[4096]);
        string crypttab = "bad/\\0033[2J /dev/sda none luks\n"
            + "gone_crypt /dev/\\0033[2Jgone none luks\n"
            + "img\\0012_crypt /dev/disk\\0033[2J\\0012.img none luks\n";

        IReadOnlyList<CheckResult> results = Run(BootDevices.FromInitramfs(crypttab));

        Assert.Equal(3, results.Count);
        Assert.Equal($"{BootDevices.InitramfsCrypttab} line 1: the target \"bad/?[2J\" is not a plain name; it is left out.", results[0].Message);
        Assert.Equal("the device /dev/?[2Jgone of crypttab target gone_crypt is not present", results[1].Message);
        Assert.Contains($"{_root.Path}/dev/disk?[2J?.img (crypttab: img?_crypt)", results[2].Message, StringComparison.Ordinal);
        AssertPrintable(results);
    }
}
