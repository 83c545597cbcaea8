using System.Globalization;
using Mandos.Core.CommandLine;

namespace Mandos.PasswordAgent.Cli;

/// <summary>password-agent's options; everything after <c>--</c> (or from the first non-option) is the client's command line.</summary>
public static class AgentCommandLine
{
    public const string Version = "password-agent 1.8.18";

    private static readonly OptionSpec[] Specs =
    [
        new("agent-directory", 'd', TakesValue: true),
        new("helper-directory", TakesValue: true),
        new("plugin-helper-dir", TakesValue: true),
        new("user", 'u', TakesValue: true),
        new("userid", TakesValue: true),
        new("group", 'g', TakesValue: true),
        new("groupid", TakesValue: true),
        new("test"),
        new("help", '?'),
        new("usage"),
        new("version", 'V'),
    ];

    /// <summary>The options, or null with <paramref name="exitText"/> for --help/--usage/--version/--test.</summary>
    public static AgentOptions? Parse(IReadOnlyList<string> args, out string? exitText)
    {
        int split = FirstClientArgument(args);
        ParsedOptions o = OptionParser.Parse(args.Take(split).ToList(), Specs);
        List<string> client = args.Skip(split).SkipWhile((a, i) => i == 0 && a == "--").ToList();
        exitText = o.Has("help") || o.Has("usage") ? HelpText : o.Has("version") ? Version : null;
        if (exitText is not null)
        {
            return null;
        }
        if (o.Has("test"))
        {
            exitText = "password-agent: self-tests are not built in; the project's test suite (tests/Mandos.Integration.Tests/Boot) tests this program";
            return null;
        }
        var defaults = new AgentOptions();
        return new AgentOptions
        {
            AgentDirectory = o.Get("agent-directory") ?? defaults.AgentDirectory,
            HelperDirectory = o.Get("helper-directory") ?? o.Get("plugin-helper-dir") ?? defaults.HelperDirectory,
            UserId = Id(o.Get("user") ?? o.Get("userid"), "user") ?? defaults.UserId,
            GroupId = Id(o.Get("group") ?? o.Get("groupid"), "group") ?? defaults.GroupId,
            Client = client.Count > 0 ? client : defaults.Client,
        };
    }

    /// <summary>Index of "--" or of the first argument that is neither an option nor an option's separate value.</summary>
    private static int FirstClientArgument(IReadOnlyList<string> args)
    {
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            if (a == "--" || !a.StartsWith('-') || a == "-")
            {
                return i;
            }
            bool valueFollows = a is "-d" or "-u" or "-g"
                || (a.StartsWith("--", StringComparison.Ordinal) && !a.Contains('=')
                    && Specs.Any(s => s.TakesValue && s.Long.StartsWith(a[2..], StringComparison.Ordinal)));
            if (valueFollows)
            {
                i++;
            }
        }
        return args.Count;
    }

    private static uint? Id(string? value, string what)
    {
        if (value is null)
        {
            return null;
        }
        return uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out uint id) && id != 0 && id != uint.MaxValue
            ? id
            : throw new UsageException($"Invalid {what} ID: \"{value}\" (a non-zero number)");
    }

    public const string HelpText = """
        Usage: password-agent [OPTION...] [MANDOS_CLIENT [OPTION...]]
          or:  password-agent [OPTION...] --test
        Mandos password agent -- runs Mandos client as a systemd password agent

          -d, --agent-directory=DIRECTORY
                                     Systemd password agent directory
          -g, --group=GROUPID        Group ID the Mandos Client will use as its
                                     unprivileged group
              --helper-directory=DIRECTORY
                                     Mandos Client password helper directory
          -u, --user=USERID          User ID the Mandos Client will use as its
                                     unprivileged user
              --test                 Skip normal operation, and only run self-tests.
          -?, --help                 Give this help list
              --usage                Give a short usage message
          -V, --version              Print program version
        """;
}
