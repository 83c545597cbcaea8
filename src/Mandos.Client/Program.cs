using Mandos.Client.Network;
using Mandos.PasswordAgent;
using Mandos.PluginRunner;
using Mandos.Plugins.AskpassFifo;
using Mandos.Plugins.PasswordPrompt;
using Mandos.Plugins.Plymouth;
using Mandos.Plugins.Splashy;
using Mandos.Plugins.Usplash;

namespace Mandos.Client;

/// <summary>
/// One executable for the whole initramfs, acting as the program it is run as (busybox-style):
/// argv[0]'s file name picks it. The file is never set-user-ID, so the name chooses a program,
/// never a privilege: whoever runs it has only the ids they had.
/// </summary>
public static class Program
{
    public static int Main(string[] args) => Path.GetFileName(InvokedName()) switch
    {
        RouteHelperProgram.Name => RouteHelperProgram.Run(args),
        PluginRunnerProgram.Name => PluginRunnerProgram.Run(args),
        PasswordPromptProgram.Name => PasswordPromptProgram.Run(args),
        AskpassFifoProgram.Name => AskpassFifoProgram.Run(args),
        PlymouthProgram.Name => PlymouthProgram.Run(args),
        SplashyProgram.Name => SplashyProgram.Run(args),
        UsplashProgram.Name => UsplashProgram.Run(args),
        PasswordAgentProgram.Name => PasswordAgentProgram.Run(args),
        _ => ClientProgram.Run(args),
    };

    /// <summary>argv[0], whatever symlink we were run through.</summary>
    private static string InvokedName()
    {
        try
        {
            byte[] cmdline = File.ReadAllBytes("/proc/self/cmdline");
            int end = Array.IndexOf(cmdline, (byte)0);
            return System.Text.Encoding.UTF8.GetString(cmdline, 0, end < 0 ? cmdline.Length : end);
        }
        catch (IOException)
        {
            return "";
        }
    }
}
