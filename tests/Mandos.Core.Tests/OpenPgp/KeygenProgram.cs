using Xunit;

namespace Mandos.Core.Tests.OpenPgp;

/// <summary>Runs our built mandos-keygen (the framework-dependent build, through <c>dotnet</c>).</summary>
internal static class KeygenProgram
{
    private static readonly Lazy<string> Assembly = new(Locate);

    /// <summary>The program and arguments that start mandos-keygen.</summary>
    public static IReadOnlyList<string> CommandLine => ["dotnet", Assembly.Value];

    public static ToolRunner.Result Run(byte[]? stdin, params string[] arguments) =>
        ToolRunner.Run("dotnet", [Assembly.Value, .. arguments], stdin);

    /// <summary>Runs it with <paramref name="directory"/> first in PATH, to stand in for other programs.</summary>
    public static ToolRunner.Result RunWithPathPrefix(string directory, params string[] arguments) =>
        ToolRunner.Run("dotnet", [Assembly.Value, .. arguments], null,
            new Dictionary<string, string> { ["PATH"] = $"{directory}:{Environment.GetEnvironmentVariable("PATH")}" });

    // Next to the tests when the test project references the program, else in its own build output.
    private static string Locate()
    {
        string beside = Path.Combine(AppContext.BaseDirectory, "mandos-keygen.dll");
        if (File.Exists(beside))
        {
            return beside;
        }
        string configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "src", "Mandos.Keygen", "bin", configuration, "net10.0", "mandos-keygen.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        Assert.Fail("mandos-keygen.dll not found: run `dotnet build src/Mandos.Keygen` first");
        return "";
    }
}
