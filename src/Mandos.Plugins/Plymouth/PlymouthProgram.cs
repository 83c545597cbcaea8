using Mandos.Core.CommandLine;
using Mandos.Core.Errors;
using Mandos.Core.Posix;
using Mandos.Plugins.Common;

namespace Mandos.Plugins.Plymouth;

/// <summary>
/// <c>plymouth</c>: asks through a running Plymouth daemon (<c>plymouth ask-for-password</c>, whose
/// stdout is ours). Plymouth cannot withdraw a question, so when another plugin wins (SIGTERM)
/// this plugin stops plymouthd and starts it again with the same arguments.
/// </summary>
public static class PlymouthProgram
{
    public const string Name = "plymouth";

    private static readonly OptionSpec[] Specs = [new("prompt", TakesValue: true), new("debug"), .. PluginConsole.InformationOptions];
    private static readonly string[] PidFiles = ["/run/plymouth/pid", "/run/initramfs/plymouth.pid", "/dev/.initramfs/plymouth.pid"];
    private static readonly string[] DefaultDaemonArguments = ["--mode=boot", "--attach-to-session"];
    private static readonly TimeSpan DaemonReadyPoll = TimeSpan.FromMilliseconds(50);
    private const int DaemonReadyPolls = 100;   // 5 s for the old plymouthd to end, and for the new one to answer --ping

    public static int Run(string[] args)
    {
        if (PluginConsole.Parse(Name, args, Specs, HelpText, out ParsedOptions o) is int done)
        {
            return done;
        }
        var console = new PluginConsole(Name, o.Has("debug"));
        string plymouth = SystemPaths.Get("MANDOS_TEST_PLYMOUTH", "/bin/plymouth");
        if (!File.Exists(plymouth))
        {
            console.Error($"Plymouth ({plymouth}) not found");
            return ExitCodes.Unavailable;
        }
        if (ExternalCommand.Run(plymouth, "--ping") != 0)
        {
            console.DebugLine("Plymouth not running");
            return ExitCodes.Unavailable;
        }
        string prompt = o.Get("prompt") ?? DefaultPrompt();
        console.DebugLine("Prompting for password via Plymouth");
        var question = new QuestionChild();
        using ImmediateQuitSignals quit = ImmediateQuitSignals.Exiting(() => Withdraw(question, plymouth, console), ExitCodes.Failure);
        try
        {
            if (!question.Start(plymouth, "ask-for-password", $"--prompt={prompt}"))
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

    private static string DefaultPrompt()
    {
        string disk = DiskPrompt.Disk();
        return disk.Length == 0 ? "Enter passphrase" : "Unlocking the disk" + disk + "\nEnter passphrase";
    }

    /// <summary>
    /// Another plugin won: kill our question, and restart plymouthd so that the question leaves
    /// the screen (plymouth cannot withdraw one): <c>plymouth quit</c>, once the old daemon has
    /// ended (at most 5 s) the daemon's program again with its arguments (it daemonizes itself),
    /// then <c>plymouth show-splash</c> once it answers.
    /// </summary>
    private static void Withdraw(QuestionChild question, string plymouth, PluginConsole console)
    {
        question.Withdraw();
        string daemon = SystemPaths.Get("MANDOS_TEST_PLYMOUTHD", "/sbin/plymouthd");
        int pid = DaemonPid(daemon);
        if (pid <= 0)
        {
            console.Error("plymouthd pid not found");
            return;
        }
        List<string> argv = ProcessTable.CommandLine(pid);
        // The file it runs from: on a merged /usr that is /usr/sbin/plymouthd, and Debian's
        // initramfs may hold only that name.
        string program = ProcessTable.ExecutableOf(pid) is string exe && exe.StartsWith('/') && !exe.EndsWith(" (deleted)", StringComparison.Ordinal)
            ? exe : daemon;
        if (argv.Count <= 1)
        {
            argv = [program, .. DefaultDaemonArguments];
        }
        console.DebugLine($"Restarting {program} with {string.Join(' ', argv.Skip(1))}");
        _ = ExternalCommand.Run(plymouth, "quit");
        // "plymouth quit" returns when the daemon has the request, not when it has gone: a new
        // one started while the old one still holds its socket gives up at once, and the old one
        // then leaves no plymouthd at all.
        for (int i = 0; i < DaemonReadyPolls && !ProcessTable.HasEnded(pid); i++)
        {
            Thread.Sleep(DaemonReadyPoll);
        }
        int restarted = ExternalCommand.Restart(program, argv);
        if (restarted < 0)
        {
            console.Error($"could not start {program} again");
            return;
        }
        for (int i = 0; i < DaemonReadyPolls && ExternalCommand.Run(plymouth, "--ping") != 0; i++)
        {
            Thread.Sleep(DaemonReadyPoll);
        }
        _ = ExternalCommand.Run(plymouth, "show-splash");
    }

    private static int DaemonPid(string daemon)
    {
        foreach (string file in PidFiles)
        {
            try
            {
                if (int.TryParse(File.ReadAllText(file).Trim(), out int pid) && pid > 0)
                {
                    return pid;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
        return ProcessTable.ByExecutable(daemon).FirstOrDefault();
    }

    public const string HelpText = """
        Usage: plymouth [OPTION...]
        Mandos plymouth -- Read and output a password

              --debug                Debug mode
              --prompt=PROMPT        The prompt to show
          -?, --help                 Give this help list
              --usage                Give a short usage message
          -V, --version              Print program version
        """;
}
