using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.Vm;

/// <summary>
/// The boot test's kernel, initramfs and LUKS2 disk, built once for the collection by
/// tools/e2e-vm/build.sh: our initramfs-tools hook puts our published mandos-client (and every
/// upstream name for it) and a key set made by our mandos-keygen into the initramfs; the disk's
/// passphrase is that key set's password.
/// </summary>
public sealed class VmImage : IAsyncLifetime
{
    private readonly TempDir _dir = new("mandos-vm-");

    public KeySet Keys { get; private set; } = null!;

    /// <summary>build.sh's output directory (vmlinuz, initrd.img, disk.img, marker).</summary>
    public string Work => Path.Combine(_dir.Path, "work");

    public string BuildLog { get; private set; } = "";

    public static string Script(string name) => Path.Combine(RepoPaths.Tools, "e2e-vm", name);

    public async Task InitializeAsync()
    {
        string keys = Path.Combine(_dir.Path, "keys");
        Directory.CreateDirectory(keys, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Keys = await KeySet.MakeAsync(RepoPaths.Program("mandos-keygen"), keys, "vm-client", "vm disk passphrase: correct horse battery staple");
        string passfile = Path.Combine(_dir.Path, "passphrase");
        await File.WriteAllTextAsync(passfile, "");
        File.SetUnixFileMode(passfile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await File.WriteAllTextAsync(passfile, Keys.Password);
        var built = await ProcessRunner.RunAsync("bash", [Script("build.sh")], TimeSpan.FromMinutes(10), new Dictionary<string, string>
        {
            ["E2E_WORK"] = Work,
            ["KEYDIR"] = keys,
            ["PASSFILE"] = passfile,
            ["MANDOS_BIN"] = RepoPaths.Bin,
        });
        File.Delete(passfile);
        BuildLog = built.StdoutText + built.Stderr;
        if (built.ExitCode != 0 || built.TimedOut)
        {
            throw new InvalidOperationException($"tools/e2e-vm/build.sh failed ({built.ExitCode}):\n{BuildLog}");
        }
    }

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>The VM tests share one image and run one at a time (QEMU TCG takes a whole core).</summary>
[CollectionDefinition(Name)]
public sealed class VmCollection : ICollectionFixture<VmImage>
{
    public const string Name = "vm boot";
}
