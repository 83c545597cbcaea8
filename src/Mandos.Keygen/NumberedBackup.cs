using System.Globalization;

namespace Mandos.Keygen;

/// <summary>Backups named as <c>cp --backup=numbered</c> names them: <c>FILE.~N~</c>, N one more than the highest.</summary>
internal static class NumberedBackup
{
    public static string NextName(string path)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        string prefix = Path.GetFileName(path) + ".~";
        int highest = 0;
        foreach (string candidate in Directory.EnumerateFileSystemEntries(directory, prefix + "*~"))
        {
            string middle = Path.GetFileName(candidate)[prefix.Length..^1];
            if (middle.Length > 0 && middle.All(char.IsAsciiDigit)
                && int.TryParse(middle, NumberStyles.None, CultureInfo.InvariantCulture, out int n))
            {
                highest = Math.Max(highest, n);
            }
        }
        return $"{path}.~{highest + 1}~";
    }

    /// <summary>Renames an existing file to its next numbered backup name and returns that name.</summary>
    public static string MoveAside(string path)
    {
        string backup = NextName(path);
        File.Move(path, backup, overwrite: false);
        return backup;
    }
}
