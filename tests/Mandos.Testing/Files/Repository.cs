namespace Mandos.Testing.Files;

/// <summary>
/// The repository the tests were built from (the directory above the test assembly that holds
/// Mandos.slnx), and its one list of program names, programs.list.
/// </summary>
public static class Repository
{
    private static readonly Lazy<string?> FoundRoot = new(FindRoot);

    /// <summary>The repository's root, or null when the tests run outside one.</summary>
    public static string? RootOrNull => FoundRoot.Value;

    /// <summary>The repository's root; fails when the tests run outside one.</summary>
    public static string Root => RootOrNull ?? throw new InvalidOperationException(NotFound);

    /// <summary>Why <see cref="RootOrNull"/> is null.</summary>
    public static string NotFound => "cannot find the repository root (Mandos.slnx) above " + AppContext.BaseDirectory;

    /// <summary>programs.list's entries: NAME, KIND (program or multicall), WHAT (project or executable).</summary>
    public static IReadOnlyList<(string Name, string Kind, string What)> ProgramList(string root) =>
        File.ReadLines(Path.Combine(root, "programs.list"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            .Select(columns => (columns[0], columns[1], columns[2]))
            .ToList();

    private static string? FindRoot()
    {
        for (string? dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "Mandos.slnx")))
            {
                return dir;
            }
        }
        return null;
    }
}
