namespace Mandos.Integration.Tests.Harness;

/// <summary>A scratch directory removed at dispose; world-traversable so Debian's server (as _mandos) can read in it.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir(string prefix = "mandos-test-")
    {
        Path = Directory.CreateTempSubdirectory(prefix).FullName;
        File.SetUnixFileMode(Path, (UnixFileMode)0b111_101_101);
    }

    public string Path { get; }

    public string Sub(string name)
    {
        string dir = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(dir);
        File.SetUnixFileMode(dir, (UnixFileMode)0b111_101_101);
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
        }
    }
}
