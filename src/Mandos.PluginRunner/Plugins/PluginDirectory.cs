using Mandos.Core.Interop;

namespace Mandos.PluginRunner.Plugins;

/// <summary>
/// The plugins in a directory, as upstream picks them: byte order of names, package-manager and
/// editor leftovers skipped, only regular files this (already unprivileged) process may execute.
/// </summary>
public static class PluginDirectory
{
    private static readonly string[] IgnoredSuffixes = ["~", ".dpkg-new", ".dpkg-old", ".dpkg-bak", ".dpkg-divert"];

    /// <summary>Why a name is never a plugin (the pattern it matches), or null.</summary>
    public static string? IgnoredPattern(string name)
    {
        if (name.StartsWith('.'))
        {
            return ".*";
        }
        if (name.Length >= 2 && name[0] == '#' && name[^1] == '#')
        {
            return "#*#";
        }
        string? suffix = IgnoredSuffixes.FirstOrDefault(s => name.EndsWith(s, StringComparison.Ordinal));
        return suffix is null ? null : "*" + suffix;
    }

    /// <summary>Entry names in alphasort order (bytewise, as in the C locale of an initramfs). Throws IOException when unreadable.</summary>
    public static List<string> Entries(string directory) =>
        Directory.EnumerateFileSystemEntries(directory).Select(Path.GetFileName).OfType<string>()
            .OrderBy(n => n, StringComparer.Ordinal).ToList();

    /// <summary>A regular file (through symlinks) that the real user id may execute.</summary>
    public static bool IsRunnable(string path) =>
        File.Exists(path) && !Directory.Exists(path) && Libc.Access(path, Libc.ExecuteOk) == 0;
}
