using Mandos.Integration.Tests.Harness;
using Mandos.Integration.Tests.Packaging;

namespace Mandos.Integration.Tests.Vm;

/// <summary>
/// A client machine made the way an administrator makes one, for the boot test: our packages
/// (`make deb`) installed with apt into a Debian 12 chroot that has a kernel, initramfs-tools and
/// cryptsetup-initramfs; the installed mandos-keygen registers the client for the disk's
/// passphrase; /etc/crypttab names the LUKS2 volume; Debian's own update-initramfs builds the
/// initramfs with cryptsetup's hooks and ours (Packaging/scenario-initramfs.sh). The disk
/// (tools/e2e-vm/disk.sh) is a bootable root file system whose /sbin/init reports the boot.
/// </summary>
public sealed class PackagedImage : IAsyncLifetime
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(15);
    private readonly TempDir _dir = new("mandos-vm-packaged-");
    private readonly BuiltPackages _packages = new();

    /// <summary>The run.sh work directory: vmlinuz, initrd.img (Debian's), disk.img, marker.</summary>
    public string Work => Path.Combine(_dir.Path, "work");

    /// <summary>The disk's passphrase; never on the console.</summary>
    public string Password { get; } = "packaged client: " + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));

    /// <summary>What the installed mandos-keygen printed for the server's clients.conf.</summary>
    public string ClientSection { get; private set; } = "";

    public string ChrootOutput { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await _packages.InitializeAsync();
        Directory.CreateDirectory(Work, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        string passfile = Path.Combine(Work, "passphrase");
        File.WriteAllText(passfile, "");
        File.SetUnixFileMode(passfile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await File.WriteAllTextAsync(passfile, Password);
        try
        {
            await RunAsync("bash", [VmImage.Script("build.sh"), "--fetch-only"], new() { ["E2E_WORK"] = Work });
            await RunAsync("bash", [VmImage.Script("disk.sh")], new()
            {
                ["E2E_WORK"] = Work,
                ["PASSFILE"] = passfile,
                ["ROOTFS"] = "bootable",
                ["BUSYBOX"] = Path.Combine(Environment.GetEnvironmentVariable("E2E_CACHE") ?? "/var/cache/e2e-vm", "busybox", "bin", "busybox"),
            });
            string here = Path.Combine(RepoPaths.Root, "tests", "Mandos.Integration.Tests", "Packaging");
            ChrootOutput = await RunAsync("bash",
                [Path.Combine(here, "debian-chroot.sh"), "boot", _packages.Directory, Path.Combine(here, "common.sh"), Path.Combine(here, "scenario-initramfs.sh")],
                new() { ["MANDOS_CHROOT_OUT"] = Work });
        }
        finally
        {
            File.Delete(passfile);
        }
        ClientSection = await File.ReadAllTextAsync(Path.Combine(Work, "clients.conf.section"));
    }

    private static async Task<string> RunAsync(string program, string[] arguments, Dictionary<string, string> environment)
    {
        ProcessRunner.Result run = await ProcessRunner.RunAsync(program, arguments, Limit, environment);
        if (run.ExitCode != 0 || run.TimedOut)
        {
            throw new InvalidOperationException($"{string.Join(' ', arguments)} failed ({run.ExitCode}):\n{run.StdoutText}\n{run.Stderr}");
        }
        return run.StdoutText;
    }

    public async Task DisposeAsync()
    {
        await _packages.DisposeAsync();
        _dir.Dispose();
    }
}
