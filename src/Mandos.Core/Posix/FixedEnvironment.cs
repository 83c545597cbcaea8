namespace Mandos.Core.Posix;

/// <summary>
/// The environment of a child that runs as root on our behalf (network hooks, the route helper,
/// a restarted splash daemon): a fixed PATH and the variables its contract names, nothing
/// inherited, so no variable of whoever started us reaches a root program.
/// </summary>
public static class FixedEnvironment
{
    /// <summary>The PATH every such child gets (Debian's default for root).</summary>
    public const string Path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>PATH, then <paramref name="variables"/> in their order, as NAME=value strings.</summary>
    public static List<string> With(IEnumerable<KeyValuePair<string, string>> variables)
    {
        var entries = new List<string> { "PATH=" + Path };
        foreach ((string name, string value) in variables)
        {
            if (name != "PATH")
            {
                entries.Add($"{name}={value}");
            }
        }
        return entries;
    }
}
