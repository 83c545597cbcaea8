using Mandos.Core.CommandLine;
using Mandos.Core.Errors;
using Mandos.Core.Interop;
using Mandos.Core.Posix;
using Mandos.Plugins.Common;

namespace Mandos.Plugins.Splashy;

/// <summary>
/// <c>splashy</c> (legacy splash screen): when /sbin/splashy runs, asks through
/// <c>splashy_update "getpass …"</c>, whose stdout is ours. On SIGTERM it kills the question and
/// splashy, and starts <c>splashy boot</c> again.
/// </summary>
public static class SplashyProgram
{
    public const string Name = "splashy";

    private static readonly OptionSpec[] Specs = [new("debug"), .. PluginConsole.InformationOptions];

    public static int Run(string[] args)
    {
        if (PluginConsole.Parse(Name, args, Specs, HelpText, out ParsedOptions o) is int done)
        {
            return done;
        }
        var console = new PluginConsole(Name, o.Has("debug"));
        string sbin = SystemPaths.Get("MANDOS_TEST_SBIN", "/sbin");
        string splashy = Path.Combine(sbin, "splashy");
        int daemon = ProcessTable.ByExecutable(splashy).FirstOrDefault();
        if (daemon <= 0)
        {
            console.DebugLine($"{splashy} is not running");
            return ExitCodes.Unavailable;
        }
        string command = "getpass Enter passphrase to unlock the disk" + DiskPrompt.Disk() + ": ";
        var question = new QuestionChild();
        using ImmediateQuitSignals quit = ImmediateQuitSignals.Reraising(() =>
        {
            question.Withdraw();
            _ = ChildStatus.Signal(daemon, SignalNumber.Terminate);
            if (ExternalCommand.Restart(splashy, [splashy, "boot"]) < 0)
            {
                console.Error($"could not start {splashy} again");
            }
        });
        try
        {
            if (!question.Start(Path.Combine(sbin, "splashy_update"), command))
            {
                quit.WaitIfQuitting();
            }
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            console.Error(ErrorText.Of(e));
            return ExitCodes.OsError;
        }
        int status = question.Wait();
        quit.WaitIfQuitting();
        return status == 0 ? ExitCodes.Success : ExitCodes.Failure;
    }

    public const string HelpText = """
        Usage: splashy [OPTION...]
        Mandos splashy -- Read and output a password through splashy

              --debug                Debug mode
          -?, --help                 Give this help list
              --usage                Give a short usage message
          -V, --version              Print program version
        """;
}
