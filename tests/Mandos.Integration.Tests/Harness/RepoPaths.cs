using Mandos.Testing.Files;

namespace Mandos.Integration.Tests.Harness;

/// <summary>Where the repository, its published programs and its tools are.</summary>
public static class RepoPaths
{
    public static string Root => Repository.Root;

    public static string Bin => Path.Combine(Root, "build", "bin");

    public static string Tools => Path.Combine(Root, "tools");

    /// <summary>A published program; fails the test with the fix when `make build` has not run.</summary>
    public static string Program(string name)
    {
        string path = Path.Combine(Bin, name);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{path} is missing: run `make build` first (make check does)");
        }
        return path;
    }
}
