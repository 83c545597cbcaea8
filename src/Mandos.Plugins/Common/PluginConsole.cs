using Mandos.Core.CommandLine;
using Mandos.Core.Errors;
using Mandos.Core.Posix;

namespace Mandos.Plugins.Common;

/// <summary>What every bundled plugin shares: the <c>Mandos plugin NAME: </c> message prefix and argp-style --help/--version handling.</summary>
public sealed class PluginConsole(string name, bool debug = false)
{
    public string Name => name;

    public bool Debug => debug;

    public void Error(string message) => Console.Error.WriteLine($"Mandos plugin {name}: {message}");

    public void DebugLine(string message)
    {
        if (debug)
        {
            Console.Error.WriteLine($"Mandos plugin {name}: {message}");
        }
    }

    /// <summary>Parses; prints help, usage or version and returns an exit code when the run is over, otherwise null.</summary>
    public static int? Parse(string name, IReadOnlyList<string> args, OptionSpec[] specs, string help, out ParsedOptions parsed)
    {
        try
        {
            parsed = OptionParser.Parse(args, specs);
        }
        catch (UsageException e)
        {
            parsed = null!;
            Console.Error.WriteLine($"{name}: {ErrorText.Of(e)}");
            Console.Error.WriteLine($"Try `{name} --help' or `{name} --usage' for more information.");
            return ExitCodes.Usage;
        }
        if (parsed.Has("help") || parsed.Has("usage"))
        {
            Console.Out.WriteLine(help);
            return ExitCodes.Success;
        }
        if (parsed.Has("version"))
        {
            Console.Out.WriteLine($"{name} 1.8.18");
            return ExitCodes.Success;
        }
        if (parsed.Positionals.Any(p => p.Length > 0))
        {
            Console.Error.WriteLine($"{name}: Too many arguments");
            return ExitCodes.Usage;
        }
        return null;
    }

    public static readonly OptionSpec[] InformationOptions = [new("help", '?'), new("usage"), new("version", 'V')];
}
