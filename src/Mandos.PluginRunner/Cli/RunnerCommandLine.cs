using System.Globalization;
using Mandos.Core.CommandLine;
using Mandos.Core.Errors;

namespace Mandos.PluginRunner.Cli;

/// <summary>
/// plugin-runner's options, spelled as upstream's argp parser accepts them. plugin-runner.conf is
/// read first and the command line second, and their options accumulate. <c>--config-file</c>
/// counts only on the command line.
/// </summary>
public static class RunnerCommandLine
{
    public const string Version = "plugin-runner 1.8.18";

    /// <summary>The crypttab key field of a keyscript line, as Debian's cryptsetup 2 passes it.</summary>
    private const string CrypttabNoKey = "none";

    private static readonly OptionSpec[] Specs =
    [
        new("global-options", 'g', TakesValue: true),
        new("global-env", 'G', TakesValue: true),
        new("options-for", 'o', TakesValue: true),
        new("env-for", 'E', TakesValue: true),
        new("disable", 'd', TakesValue: true),
        new("enable", 'e', TakesValue: true),
        new("config-file", TakesValue: true),
        new("plugin-dir", TakesValue: true),
        new("plugin-helper-dir", TakesValue: true),
        new("userid", TakesValue: true),
        new("groupid", TakesValue: true),
        new("debug"),
        new("help", '?'),
        new("usage"),
        new("version", 'V'),
    ];

    /// <summary>The command line alone: --help, --usage or --version text, or null to go on.</summary>
    public static string? InformationRequested(IReadOnlyList<string> args)
    {
        ParsedOptions o = OptionParser.Parse(args, Specs);
        return o.Has("help") ? HelpText : o.Has("usage") ? UsageText : o.Has("version") ? Version : null;
    }

    /// <summary>
    /// The settings from the configuration file (read through <paramref name="readFile"/>, which
    /// returns null for a missing file) and then the command line. Throws
    /// <see cref="ConfigFileException"/> for a bad file, <see cref="UsageException"/> for a bad command line.
    /// </summary>
    public static RunnerOptions Parse(IReadOnlyList<string> args, Func<string, string?> readFile)
    {
        ParsedOptions command = OptionParser.Parse(args, Specs);
        var options = new RunnerOptions { ConfigFile = command.Get("config-file") ?? RunnerOptions.DefaultConfigFile };
        string? text = readFile(options.ConfigFile);
        if (text is not null)
        {
            try
            {
                ParsedOptions file = OptionParser.Parse(ConfigFileTokens.Split(text), Specs);
                Apply(file, options, fromFile: true);
            }
            catch (UsageException e)
            {
                throw new ConfigFileException($"{options.ConfigFile}: {ErrorText.Of(e, options.ConfigFile)}");
            }
        }
        Apply(command, options, fromFile: false);
        return options;
    }

    private static void Apply(ParsedOptions parsed, RunnerOptions options, bool fromFile)
    {
        foreach ((string name, string? value) in parsed.InOrder)
        {
            Apply(name, value ?? "", options, fromFile);
        }
        if (parsed.Positionals.Any(p => p.Length > 0) && !(!fromFile && IsCrypttabKeyField(parsed.Positionals)))
        {
            throw new UsageException("Too many arguments");
        }
    }

    /// <summary>
    /// cryptsetup runs a keyscript with the crypttab key field as its one argument. Upstream accepts
    /// only empty arguments (what old cryptsetup passed); Debian's cryptsetup 2 passes the field
    /// itself, which is the word <c>none</c> for a keyscript line, so a lone <c>none</c> on the
    /// command line is accepted too (a deliberate difference: docs/compatibility.md).
    /// </summary>
    private static bool IsCrypttabKeyField(IReadOnlyList<string> positionals) =>
        positionals.Count(p => p.Length > 0) == 1 && positionals.Contains(CrypttabNoKey, StringComparer.Ordinal);

    private static void Apply(string name, string value, RunnerOptions options, bool fromFile)
    {
        switch (name)
        {
            case "global-options":
                options.Global.Arguments.AddRange(value.Split(','));
                break;
            case "global-env":
                SetVariable(options.Global, value);
                break;
            case "options-for":
                (string plugin, string list) = PluginAndValue(value);
                options.For(plugin).Arguments.AddRange(list.Split(','));
                break;
            case "env-for":
                (string target, string variable) = PluginAndValue(value);
                SetVariable(options.For(target), variable);
                break;
            case "disable":
                options.For(NonEmpty(value)).Disabled = true;
                break;
            case "enable":
                options.For(NonEmpty(value)).Disabled = false;
                break;
            case "config-file":
                // Only the command line's counts (upstream, documented).
                break;
            case "plugin-dir":
                options.PluginDir = value;
                break;
            case "plugin-helper-dir":
                options.HelperDir = value;
                break;
            case "userid":
                options.UserId = Id(value, "user");
                break;
            case "groupid":
                options.GroupId = Id(value, "group");
                break;
            case "debug":
                options.Debug = true;
                break;
            case "help" or "usage" or "version" when fromFile:
                throw new UsageException($"--{name} is not allowed in the configuration file");
        }
    }

    private static (string Plugin, string Value) PluginAndValue(string value)
    {
        int colon = value.IndexOf(':');
        if (colon < 0)
        {
            throw new UsageException($"No colon in \"{value}\"");
        }
        return (NonEmpty(value[..colon]), value[(colon + 1)..]);
    }

    private static string NonEmpty(string plugin) =>
        plugin.Length > 0 ? plugin : throw new UsageException("Empty plugin name");

    private static void SetVariable(PluginSettings settings, string assignment)
    {
        int eq = assignment.IndexOf('=');
        if (eq <= 0)
        {
            throw new UsageException($"Not a VARIABLE=value assignment: \"{assignment}\"");
        }
        settings.SetVariable(assignment[..eq], assignment[(eq + 1)..]);
    }

    private static uint Id(string value, string what) =>
        uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out uint id) && id != uint.MaxValue
            ? id
            : throw new UsageException($"Invalid {what} ID: \"{value}\" (numeric IDs only)");

    public const string UsageText = """
        Usage: plugin-runner [-?V] [-E PLUGIN:ENV=value] [-g OPTION[,OPTION[,...]]]
                    [-G VAR=value] [-o PLUGIN:OPTION[,OPTION[,...]]] [-d PLUGIN]
                    [-e PLUGIN] [--env-for=PLUGIN:ENV=value]
                    [--global-options=OPTION[,OPTION[,...]]] [--global-env=VAR=value]
                    [--options-for=PLUGIN:OPTION[,OPTION[,...]]] [--disable=PLUGIN]
                    [--enable=PLUGIN] [--config-file=FILE] [--plugin-dir=DIRECTORY]
                    [--plugin-helper-dir=DIRECTORY] [--groupid=ID] [--userid=ID] [--debug]
                    [--help] [--usage] [--version]
        """;

    public const string HelpText = """
        Usage: plugin-runner [OPTION...]
        Mandos plugin runner -- Run plugins

          -E, --env-for=PLUGIN:ENV=value   Environment variable passed to specified
                                     plugin
          -g, --global-options=OPTION[,OPTION[,...]]
                                     Options passed to all plugins
          -G, --global-env=VAR=value Environment variable passed to all plugins
          -o, --options-for=PLUGIN:OPTION[,OPTION[,...]]
                                     Options passed only to specified plugin
          -d, --disable=PLUGIN       Disable a specific plugin
          -e, --enable=PLUGIN        Enable a specific plugin
              --config-file=FILE     Specify a different configuration file
              --plugin-dir=DIRECTORY Specify a different plugin directory
              --plugin-helper-dir=DIRECTORY
                                     Specify a different plugin helper directory
              --groupid=ID           Group ID the plugins will run as
              --userid=ID            User ID the plugins will run as
              --debug                Debug mode
          -?, --help                 Give this help list
              --usage                Give a short usage message
          -V, --version              Print program version

        Mandatory or optional arguments to long options are also mandatory or optional
        for any corresponding short options.
        """;
}
