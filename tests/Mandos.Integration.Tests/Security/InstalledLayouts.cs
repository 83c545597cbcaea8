using Mandos.Integration.Tests.Harness;
using Mandos.Integration.Tests.Packaging;

namespace Mandos.Integration.Tests.Security;

/// <summary>
/// What we install, laid out as it is installed, on a file system that honours set-user-ID bits
/// (or the kernel would ignore a bit that a mistake left): the .debs of `make deb` extracted with
/// dpkg-deb, and the initramfs tree our initramfs-tools hook builds from that extracted client
/// package. Every user may traverse the scratch directory; inside, the packages' own modes hold.
/// </summary>
public sealed class InstalledLayouts : IAsyncLifetime
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);
    private readonly BuiltPackages _debs = new();

    public string Root { get; private set; } = "";

    /// <summary>The extracted packages (a root file system's worth of our files).</summary>
    public string Packages => Path.Combine(Root, "packages");

    /// <summary>The initramfs staging tree the hook filled.</summary>
    public string Initramfs => Path.Combine(Root, "initramfs");

    /// <summary>The multi-call executable under <paramref name="name"/> in a layout (a path through the links the layout has).</summary>
    public string Program(Layout layout, string name)
    {
        string lib = layout == Layout.Packages ? Path.Combine(Packages, "usr", "lib", Multiarch(), "mandos") : Path.Combine(Initramfs, "lib", "mandos");
        return name switch
        {
            "plugin-runner" => Path.Combine(lib, "plugin-runner"),
            "mandos-client-iprouteadddel" => Path.Combine(lib, "plugin-helpers", name),
            _ => Path.Combine(lib, "plugins.d", name),
        };
    }

    /// <summary>A scratch directory of its own, mode 0755 unless told.</summary>
    public string Scratch(string name, UnixFileMode mode = (UnixFileMode)0b111_101_101)
    {
        string dir = Path.Combine(Root, name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        File.SetUnixFileMode(dir, mode);
        return dir;
    }

    public async Task InitializeAsync()
    {
        await _debs.InitializeAsync();
        Root = Path.Combine(await SuidCapableParentAsync(), "mandos-installed-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Root);
        File.SetUnixFileMode(Root, (UnixFileMode)0b111_101_101);
        foreach (string deb in Directory.GetFiles(_debs.Directory, "*.deb"))
        {
            await RunAsync("dpkg-deb", "-x", deb, Packages);
        }
        await BuildInitramfsAsync();
    }

    private string Multiarch() =>
        Path.GetFileName(Directory.GetDirectories(Path.Combine(Packages, "usr", "lib")).Single(d => Directory.Exists(Path.Combine(d, "mandos"))));

    /// <summary>Our hook run as mkinitramfs runs it, on the extracted client package, with stand-in keys.</summary>
    private async Task BuildInitramfsAsync()
    {
        foreach (string d in new[] { "bin", "sbin", "lib", "lib64" })
        {
            Directory.CreateDirectory(Path.Combine(Initramfs, "usr", d));
            File.CreateSymbolicLink(Path.Combine(Initramfs, d), "usr/" + d);
        }
        foreach (string d in new[] { "conf/conf.d", "etc", "run", "scripts" })
        {
            Directory.CreateDirectory(Path.Combine(Initramfs, d));
        }
        string keys = Scratch("keys");
        foreach (string k in new[] { "pubkey.txt", "seckey.txt", "tls-pubkey.pem", "tls-privkey.pem" })
        {
            File.WriteAllText(Path.Combine(keys, k), "stand-in " + k);
        }
        string conf = Scratch("initramfs-tools");
        File.WriteAllText(Path.Combine(conf, "initramfs.conf"), "DEVICE=\n");
        ProcessRunner.Result hook = await ProcessRunner.RunAsync("sh", [Path.Combine(RepoPaths.Root, "boot", "initramfs-tools", "hooks", "mandos")],
            Limit, new Dictionary<string, string>
            {
                ["DESTDIR"] = Initramfs,
                ["version"] = "none",
                ["verbose"] = "n",
                ["MANDOS_LIBDIR"] = Path.Combine(Packages, "usr", "lib", Multiarch()),
                ["MANDOS_KEYDIR"] = keys,
                ["MANDOS_SYSCONFDIR"] = Path.Combine(Packages, "etc", "mandos"),
                ["CONFDIR"] = conf,
            });
        if (hook.ExitCode != 0)
        {
            throw new InvalidOperationException($"the initramfs hook failed ({hook.ExitCode}): {hook.Stderr}");
        }
    }

    /// <summary>/tmp unless it is mounted nosuid; then /var/tmp, then the build directory.</summary>
    private static async Task<string> SuidCapableParentAsync()
    {
        string[] candidates = [Path.GetTempPath(), "/var/tmp", Path.Combine(RepoPaths.Root, "build")];
        var seen = new List<string>();
        foreach (string dir in candidates.Where(Directory.Exists))
        {
            ProcessRunner.Result options = await ProcessRunner.RunAsync("findmnt", ["-n", "-o", "OPTIONS", "-T", dir], TimeSpan.FromSeconds(30));
            string flags = options.StdoutText.Trim();
            if (options.ExitCode == 0 && !flags.Split(',').Contains("nosuid"))
            {
                return dir;
            }
            seen.Add($"{dir}: {flags}");
        }
        throw new InvalidOperationException("no scratch directory on a file system that honours set-user-ID: " + string.Join("; ", seen));
    }

    private static async Task RunAsync(string program, params string[] args)
    {
        ProcessRunner.Result run = await ProcessRunner.RunAsync(program, args, Limit);
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)}: {run.Stderr}");
        }
    }

    public async Task DisposeAsync()
    {
        await _debs.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
