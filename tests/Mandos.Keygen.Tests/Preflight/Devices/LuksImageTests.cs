using System.Diagnostics;
using System.Text;
using Mandos.Keygen.Preflight;
using Mandos.Keygen.Preflight.Devices;
using Mandos.Testing.Files;

namespace Mandos.Keygen.Tests.Preflight.Devices;

/// <summary>
/// The device check against the real cryptsetup, on LUKS2 image files made here (root: cryptsetup
/// reads the image directly; PBKDF2 at its minimum cost keeps each try short).
/// </summary>
[Lane(Lane.Namespace)]
public sealed class LuksImageTests : IDisposable
{
    private const string Secret = "luks-image-test passphrase 5d1e";
    private const int ImageBytes = 16 * 1024 * 1024;

    private readonly TempDir _dir = new("mandos-luks-", TempDir.Private);
    private readonly Cryptsetup _cryptsetup = Cryptsetup.Locate() ?? throw new InvalidOperationException("cryptsetup is not installed (bash tools/install-deps.sh test)");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void TheRightPassphraseOpensTheImageNamedInCrypttab()
    {
        string image = Format("right.img", Secret);

        CheckResult result = Assert.Single(Check(BootDevices.FromInitramfs($"right_crypt {image} none luks\n"), Secret));

        Assert.Equal(CheckResult.Ok(DeviceCheck.Name, $"the passphrase opens {image} (crypttab: right_crypt)"), result);
    }

    [Fact]
    public void AWrongPassphraseFailsNamingTheDeviceWithTheFix()
    {
        string image = Format("wrong.img", Secret);

        CheckResult result = Assert.Single(Check(BootDevices.FromInitramfs($"wrong_crypt {image} none luks\n"), "not the " + Secret));

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Equal($"the passphrase from the server does NOT open {image} (crypttab: wrong_crypt)", result.Message);
        Assert.Contains("mandos-keygen --password", result.Fix, StringComparison.Ordinal);
        Assert.Contains("cryptsetup luksAddKey", result.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void ThePassphraseIsExactlyItsBytesSoATrailingNewlineDoesNotOpen()
    {
        string image = Format("exact.img", Secret);

        Assert.Equal(CheckStatus.Failed, Assert.Single(Check(BootDevices.Named(image), Secret + "\n")).Status);
        Assert.Equal(CheckStatus.Ok, Assert.Single(Check(BootDevices.Named(image), Secret)).Status);
    }

    [Fact]
    public void AKeySlotOptionLimitsWhichSlotMayOpen()
    {
        string image = Format("slots.img", Secret);
        Run(["luksAddKey", "--pbkdf", "pbkdf2", "--pbkdf-force-iterations", "1000", "--batch-mode", "--key-slot", "1",
            $"--key-file={WriteKeyFile("old.key", Secret)}", image, WriteKeyFile("new.key", "second")]);

        IReadOnlyList<CheckResult> results = Check(BootDevices.FromInitramfs($"""
            slot0 {image} none luks,key-slot=0
            slot1 {image} none luks,key-slot=1
            """), "second");

        Assert.Equal([CheckStatus.Failed, CheckStatus.Ok], results.Select(r => r.Status));
    }

    [Fact]
    public void AFileThatIsNotLuksIsItsOwnFailure()
    {
        string image = _dir.File("plain.img");
        File.WriteAllBytes(image, new byte[ImageBytes]);

        CheckResult result = Assert.Single(Check(BootDevices.FromInitramfs($"plain_crypt {image} none luks\n"), Secret));

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Equal($"{image} (crypttab: plain_crypt) is not a LUKS device, so no passphrase opens it", result.Message);
    }

    [Fact]
    public void AMissingDeviceFailsNamingTargetAndSource()
    {
        string image = _dir.File("absent.img");

        IReadOnlyList<CheckResult> results = Check(BootDevices.FromInitramfs($"absent_crypt {image} none luks\n"), Secret);

        Assert.Equal(CheckResult.Failed(DeviceCheck.Name, $"the device {image} of crypttab target absent_crypt is not present",
            $"connect that disk, or correct the source of absent_crypt in {BootDevices.InitramfsCrypttab}"), Assert.Single(results));
    }

    [Fact]
    public void EveryDeviceHasItsLineAndThePassphraseIsInNone()
    {
        string good = Format("good.img", Secret);
        string other = Format("other.img", "a different passphrase");
        string plain = _dir.File("plain.img");
        File.WriteAllBytes(plain, new byte[ImageBytes]);

        IReadOnlyList<CheckResult> results = Check(BootDevices.FromInitramfs($"""
            good {good} none luks
            other {other} none luks
            plain {plain} none luks
            absent {_dir.File("absent.img")} none luks
            """), Secret);

        Assert.Equal([CheckStatus.Ok, CheckStatus.Failed, CheckStatus.Failed, CheckStatus.Failed], results.Select(r => r.Status));
        Assert.All(results, r => Assert.DoesNotContain(Secret, r.ToString(), StringComparison.Ordinal));
    }

    private IReadOnlyList<CheckResult> Check(BootDeviceSelection selection, string passphrase)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(passphrase);
        return DeviceCheck.Run(selection, bytes, _cryptsetup, "/");
    }

    private string Format(string name, string passphrase)
    {
        string image = _dir.File(name);
        using (FileStream file = File.Create(image))
        {
            file.SetLength(ImageBytes);
        }
        Run(["luksFormat", "--type", "luks2", "--pbkdf", "pbkdf2", "--pbkdf-force-iterations", "1000", "--batch-mode",
            $"--key-file={WriteKeyFile(name + ".key", passphrase)}", image]);
        return image;
    }

    private string WriteKeyFile(string name, string passphrase)
    {
        string path = _dir.File(name);
        File.WriteAllText(path, passphrase);
        return path;
    }

    private void Run(IReadOnlyList<string> args)
    {
        var start = new ProcessStartInfo(_cryptsetup.Path) { RedirectStandardError = true };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using Process process = Process.Start(start)!;
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"cryptsetup {args[0]} exited {process.ExitCode}: {error}");
    }
}
