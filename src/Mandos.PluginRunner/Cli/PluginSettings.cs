namespace Mandos.PluginRunner.Cli;

/// <summary>What the options say about one plugin (or, for the global entry, about all of them).</summary>
public sealed class PluginSettings
{
    /// <summary>Arguments in the order given; --options-for for a plugin, --global-options for all.</summary>
    public List<string> Arguments { get; } = [];

    /// <summary>Environment variables in the order first given; a later value for a name replaces the earlier one.</summary>
    public List<KeyValuePair<string, string>> Environment { get; } = [];

    public bool Disabled { get; set; }

    public void SetVariable(string name, string value)
    {
        int existing = Environment.FindIndex(e => e.Key == name);
        if (existing >= 0)
        {
            Environment[existing] = new(name, value);
        }
        else
        {
            Environment.Add(new(name, value));
        }
    }
}
