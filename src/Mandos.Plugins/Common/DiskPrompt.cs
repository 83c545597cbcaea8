namespace Mandos.Plugins.Common;

/// <summary>The disk being unlocked as cryptsetup describes it: CRYPTTAB_SOURCE/CRYPTTAB_NAME, or the older cryptsource/crypttarget.</summary>
public static class DiskPrompt
{
    public static string? Source => Variable("CRYPTTAB_SOURCE") ?? Variable("cryptsource");

    public static string? Name => Variable("CRYPTTAB_NAME") ?? Variable("crypttarget");

    /// <summary>"SRC (NAME)", "SRC", "(NAME)" or "" (with a leading space when not empty).</summary>
    public static string Disk()
    {
        string text = "";
        if (Source is string source)
        {
            text += " " + source;
        }
        if (Name is string name)
        {
            text += $" ({name})";
        }
        return text;
    }

    private static string? Variable(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
