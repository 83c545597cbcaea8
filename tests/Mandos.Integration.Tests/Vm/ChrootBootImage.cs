using Mandos.Integration.Tests.Harness;
using Mandos.Integration.Tests.Packaging;

namespace Mandos.Integration.Tests.Vm;

/// <summary>
/// A client machine made the way an administrator makes one, for a boot test: our packages
/// (`make deb`) installed with apt into a cached Debian 12 chroot layer that has a kernel and an
/// initramfs generator; a scenario script there registers the client with the installed
/// mandos-keygen for the disk's passphrase, names the LUKS2 volume in /etc/crypttab, builds the
/// initramfs with the distribution's own tool and leaves kernel, initramfs and clients.conf
/// section in <see cref="Work"/>. The disk (tools/e2e-vm/disk.sh) is made first, so the
/// scenario knows its UUID; it is a bootable root file system whose /sbin/init reports the boot.
/// </summary>
public abstract class ChrootBootImage : IAsyncLifetime
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(15);
    private readonly string _layer;
    private readonly string _scenario;
    private readonly TempDir _dir;
    private readonly BuiltPackages _packages = new();

    /// <param name="layer">The debian-chroot.sh layer (boot, dracut).</param>
    /// <param name="scenario">The scenario script in Packaging/, run after common.sh.</param>
    /// <param name="passwordPrefix">Readable start of the random disk passphrase.</param>
    protected ChrootBootImage(string layer, string scenario, string passwordPrefix)
    {
        _layer = layer;
        _scenario = scenario;
        _dir = new TempDir($"mandos-vm-{layer}-");
        Password = passwordPrefix + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));
    }

    /// <summary>The run.sh work directory: vmlinuz, initrd.img (the distribution's), disk.img, marker, luks-uuid.</summary>
    public string Work => Path.Combine(_dir.Path, "work");

    /// <summary>The disk's passphrase; never on the console.</summary>
    public string Password { get; }

    /// <summary>The LUKS2 volume's UUID (for rd.luks.uuid=).</summary>
    public string LuksUuid { get; private set; } = "";

    /// <summary>What the installed mandos-keygen printed for the server's clients.conf.</summary>
    public string ClientSection { get; private set; } = "";

    public string ChrootOutput { get; private set; } = "";

    public virtual async Task InitializeAsync()
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
                [Path.Combine(here, "debian-chroot.sh"), _layer, _packages.Directory, Path.Combine(here, "common.sh"), Path.Combine(here, _scenario)],
                new() { ["MANDOS_CHROOT_OUT"] = Work });
        }
        finally
        {
            File.Delete(passfile);
        }
        LuksUuid = (await File.ReadAllTextAsync(Path.Combine(Work, "luks-uuid"))).Trim();
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
