namespace Mandos.PluginRunner.Cli;

/// <summary>
/// plugin-runner.conf as upstream reads it: every whitespace-separated word is one argument,
/// <c>#</c> comments out the rest of its line, and there is no quoting of any kind.
/// </summary>
public static class ConfigFileTokens
{
    public static List<string> Split(string text)
    {
        var tokens = new List<string>();
        foreach (string line in text.Split('\n'))
        {
            int hash = line.IndexOf('#');
            string content = hash >= 0 ? line[..hash] : line;
            tokens.AddRange(content.Split([' ', '\t', '\r', '\v', '\f'], StringSplitOptions.RemoveEmptyEntries));
        }
        return tokens;
    }
}
