using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.Boot;

/// <summary>
/// A copy of the published multi-call executable installed as our package installs it: owned by
/// root, mode 4755 (set-user-ID root), under its own name mandos-client, with the other programs
/// as links to it (symbolic, as in the package, and one hard link, as in the initramfs). It lives
/// in a scratch directory on a file system mounted without nosuid, or the kernel would ignore the
/// set-user-ID bit; every user may traverse it.
/// </summary>
public sealed class SetUserIdInstall : IDisposable
{
    private SetUserIdInstall(string path) => Path = path;

    public string Path { get; }

    /// <summary>The installed program under <paramref name="name"/>.</summary>
    public string Program(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>A scratch subdirectory every user may write in.</summary>
    public string Shared(string name)
    {
        string dir = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(dir);
        File.SetUnixFileMode(dir, (UnixFileMode)0b111_111_111);
        return dir;
    }

    public static async Task<SetUserIdInstall> CreateAsync()
    {
        string parent = await SuidCapableParentAsync();
        string path = System.IO.Path.Combine(parent, "mandos-setuid-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        var install = new SetUserIdInstall(path);
        string executable = install.Program("mandos-client");
        File.Copy(RepoPaths.Program("mandos-client"), executable);
        File.SetUnixFileMode(executable, (UnixFileMode)0b100_111_101_101);   // 4755, and we are root
        foreach (string name in new[] { "password-prompt", "password-agent", "askpass-fifo" })
        {
            File.CreateSymbolicLink(install.Program(name), "mandos-client");
        }
        await Run("ln", executable, install.Program("plugin-runner"));
        return install;
    }

    /// <summary>/tmp unless it is mounted nosuid; then /var/tmp, then the build directory.</summary>
    private static async Task<string> SuidCapableParentAsync()
    {
        string[] candidates = [System.IO.Path.GetTempPath(), "/var/tmp", System.IO.Path.Combine(RepoPaths.Root, "build")];
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

    private static async Task Run(string program, params string[] args)
    {
        ProcessRunner.Result run = await ProcessRunner.RunAsync(program, args, TimeSpan.FromSeconds(30));
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)}: {run.Stderr}");
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
