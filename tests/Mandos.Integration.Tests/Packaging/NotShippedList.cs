using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.Packaging;

/// <summary>
/// debian/not-shipped: the paths of Debian's mandos and mandos-client that our packages do not
/// hold, each with its reason ("PATH  REASON" a line; blank lines and '#' comments ignored).
/// </summary>
public static class NotShippedList
{
    public static string FilePath => Path.Combine(RepoPaths.Root, "debian", "not-shipped");

    /// <summary>Path to reason. Throws, naming the line, for a line without a reason or a path given twice.</summary>
    public static IReadOnlyDictionary<string, string> Read()
    {
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        int number = 0;
        foreach (string line in File.ReadLines(FilePath))
        {
            number++;
            string text = line.Trim();
            if (text.Length == 0 || text.StartsWith('#'))
            {
                continue;
            }
            string[] parts = text.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2 || !parts[0].StartsWith('/'))
            {
                throw new FormatException($"{FilePath}:{number}: expected \"PATH  REASON\" with an absolute PATH: {line}");
            }
            if (!entries.TryAdd(parts[0], parts[1].Trim()))
            {
                throw new FormatException($"{FilePath}:{number}: {parts[0]} is listed twice");
            }
        }
        return entries;
    }
}
