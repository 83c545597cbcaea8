namespace Mandos.PluginRunner.Cli;

/// <summary>plugin-runner's settings after plugin-runner.conf and the command line.</summary>
public sealed class RunnerOptions
{
    public const string DefaultPluginDir = "/lib/mandos/plugins.d";
    public const string DefaultHelperDir = "/lib/mandos/plugin-helpers";
    public const string DefaultConfigFile = "/conf/conf.d/mandos/plugin-runner.conf";
    public const uint Nobody = 65534;

    public string PluginDir { get; set; } = DefaultPluginDir;

    public string HelperDir { get; set; } = DefaultHelperDir;

    public string ConfigFile { get; set; } = DefaultConfigFile;

    public uint UserId { get; set; } = Nobody;

    public uint GroupId { get; set; } = Nobody;

    public bool Debug { get; set; }

    /// <summary>--global-options and --global-env.</summary>
    public PluginSettings Global { get; } = new();

    /// <summary>--options-for, --env-for, --disable and --enable, by plugin name.</summary>
    public Dictionary<string, PluginSettings> Plugins { get; } = new(StringComparer.Ordinal);

    public PluginSettings For(string plugin)
    {
        if (!Plugins.TryGetValue(plugin, out PluginSettings? settings))
        {
            settings = new PluginSettings();
            Plugins[plugin] = settings;
        }
        return settings;
    }

    public bool IsDisabled(string plugin) => Plugins.TryGetValue(plugin, out PluginSettings? s) && s.Disabled;
}
