namespace Mandos.Keygen.Preflight.Initramfs;

/// <summary>
/// The value a shell configuration file (initramfs.conf, sourced by the boot) gives a variable:
/// its last plain assignment <c>NAME=value</c> (also after <c>export</c>), quotes removed.
/// Nothing is run, so a value computed by the shell is not seen.
/// </summary>
internal static class ShellAssignment
{
    public static string? Last(string text, string name)
    {
        string? value = null;
        foreach (string raw in text.Split('\n'))
        {
            string line = raw.Trim();
            if (line.StartsWith("export ", StringComparison.Ordinal))
            {
                line = line["export ".Length..].TrimStart();
            }
            if (!line.StartsWith(name + "=", StringComparison.Ordinal))
            {
                continue;
            }
            string rest = line[(name.Length + 1)..];
            if (rest.Length >= 2 && (rest[0] is '"' or '\'') && rest.IndexOf(rest[0], 1) is int close and > 0)
            {
                value = rest[1..close];
            }
            else
            {
                int end = rest.IndexOfAny([' ', '\t', '#', ';']);
                value = end < 0 ? rest : rest[..end];
            }
        }
        return value;
    }
}
