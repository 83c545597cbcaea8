namespace Mandos.Testing.Files;

/// <summary>
/// A scratch directory of one test under the system's temporary directory, removed with all its
/// contents at dispose. By default it is world-traversable (0755), so programs the test runs as
/// another user (Debian's server drops to _mandos) can read in it; with <see cref="Private"/>
/// only its owner can enter it (0700), as a directory holding private keys is.
/// </summary>
public sealed class TempDir : IDisposable
{
    /// <summary>rwxr-xr-x: other users may read in the directory.</summary>
    public const UnixFileMode Traversable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    /// <summary>rwx------: the owner only.</summary>
    public const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly UnixFileMode _mode;

    public TempDir(string prefix = "mandos-test-", UnixFileMode mode = Traversable)
    {
        _mode = mode;
        Path = Directory.CreateTempSubdirectory(prefix).FullName;
        SetMode(Path);
    }

    public string Path { get; }

    /// <summary>The path of <paramref name="name"/> in the directory (nothing is created).</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>A subdirectory <paramref name="name"/>, created (if need be) with the directory's own mode.</summary>
    public string Sub(string name)
    {
        string dir = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(dir);
        SetMode(dir);
        return dir;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process the test started may still hold a file; the system cleans its temporary directory.
        }
    }

    private void SetMode(string dir)
    {
        if (!OperatingSystem.IsWindows())
        {
            System.IO.File.SetUnixFileMode(dir, _mode);
        }
    }
}
