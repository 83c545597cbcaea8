using Mandos.Client;
using Mandos.Client.Network;
using Mandos.PasswordAgent;
using Mandos.PluginRunner;
using Mandos.Plugins.AskpassFifo;
using Mandos.Plugins.PasswordPrompt;
using Mandos.Plugins.Plymouth;
using Mandos.Plugins.Splashy;
using Mandos.Plugins.Usplash;

namespace Mandos.Multicall;

/// <summary>
/// The programs the multi-call executable acts as, by name. programs.list at the repository's
/// root names the same programs for the build, the packages and the boot hooks; a unit test
/// holds the two together.
/// </summary>
public static class ProgramTable
{
    /// <summary>The program run under any name not in <see cref="ByName"/> (as the file itself is named).</summary>
    public const string Default = ClientProgram.Name;

    /// <summary>Each further name and the program it runs.</summary>
    public static IReadOnlyDictionary<string, Func<string[], int>> ByName { get; } = new Dictionary<string, Func<string[], int>>(StringComparer.Ordinal)
    {
        [RouteHelperProgram.Name] = args => RouteHelperProgram.Run(args),
        [PluginRunnerProgram.Name] = args => PluginRunnerProgram.Run(args),
        [PasswordPromptProgram.Name] = args => PasswordPromptProgram.Run(args),
        [AskpassFifoProgram.Name] = args => AskpassFifoProgram.Run(args),
        [PlymouthProgram.Name] = args => PlymouthProgram.Run(args),
        [SplashyProgram.Name] = args => SplashyProgram.Run(args),
        [UsplashProgram.Name] = args => UsplashProgram.Run(args),
        [PasswordAgentProgram.Name] = args => PasswordAgentProgram.Run(args),
    };

    /// <summary>The program <paramref name="invokedName"/> runs: its file name if <see cref="ByName"/> has it, else <see cref="Default"/>.</summary>
    public static string NameOf(string invokedName) =>
        ByName.ContainsKey(Path.GetFileName(invokedName)) ? Path.GetFileName(invokedName) : Default;

    /// <summary>What each program does, for the line an unexpected failure gives: <c>NAME: DOING: failed: CAUSE</c>.</summary>
    public static string Doing(string name) => name switch
    {
        RouteHelperProgram.Name => "changing a temporary route",
        PluginRunnerProgram.Name => "running the password plugins",
        PasswordPromptProgram.Name => "asking for the password on the console",
        AskpassFifoProgram.Name => "reading the password from the FIFO",
        PlymouthProgram.Name => "asking for the password through Plymouth",
        SplashyProgram.Name => "asking for the password through Splashy",
        UsplashProgram.Name => "asking for the password through usplash",
        PasswordAgentProgram.Name => "answering systemd's password questions",
        _ => "getting the password from a Mandos server",
    };

    /// <summary>Runs the program that <paramref name="invokedName"/>'s file name names, else mandos-client.</summary>
    public static int Run(string invokedName, string[] args) =>
        ByName.TryGetValue(Path.GetFileName(invokedName), out Func<string[], int>? program) ? program(args) : ClientProgram.Run(args);
}
