using System.Text;
using Mandos.Core.CommandLine;
using Mandos.Core.Errors;
using Mandos.Core.Interop;
using Mandos.Core.Posix;
using Mandos.Core.Secrets;
using Mandos.Plugins.Common;

namespace Mandos.Plugins.Usplash;

/// <summary>
/// <c>usplash</c> (deprecated splash screen): when /sbin/usplash runs, sends it NUL-terminated
/// commands through /dev/.initramfs/usplash_fifo (<c>TIMEOUT 0</c>, <c>INPUTQUIET prompt</c>),
/// reads the password from usplash_outfifo, then restores <c>TIMEOUT 15</c>. On SIGTERM it
/// kills usplash and starts it again with its original command line.
/// </summary>
public static class UsplashProgram
{
    public const string Name = "usplash";

    private static readonly OptionSpec[] Specs = [new("debug"), .. PluginConsole.InformationOptions];

    public static int Run(string[] args)
    {
        if (PluginConsole.Parse(Name, args, Specs, HelpText, out ParsedOptions o) is int done)
        {
            return done;
        }
        var console = new PluginConsole(Name, o.Has("debug"));
        string usplash = Path.Combine(SystemPaths.Get("MANDOS_TEST_SBIN", "/sbin"), "usplash");
        string fifoDir = SystemPaths.Get("MANDOS_TEST_USPLASH_FIFOS", "/dev/.initramfs");
        int daemon = ProcessTable.ByExecutable(usplash).FirstOrDefault();
        if (daemon <= 0)
        {
            console.DebugLine($"{usplash} is not running");
            return ExitCodes.Unavailable;
        }
        List<string> daemonArgv = ProcessTable.CommandLine(daemon);
        using ImmediateQuitSignals quit = ImmediateQuitSignals.Reraising(() =>
        {
            _ = ChildStatus.Signal(daemon, SignalNumber.Terminate);
            if (ExternalCommand.Restart(usplash, daemonArgv) < 0)
            {
                console.Error($"could not start {usplash} again");
            }
        });
        try
        {
            string commands = Path.Combine(fifoDir, "usplash_fifo");
            Send(commands, "TIMEOUT 0");
            Send(commands, "INPUTQUIET Enter passphrase to unlock the disk" + DiskPrompt.Disk() + ": ");
            int status = CopyPassword(Path.Combine(fifoDir, "usplash_outfifo"));
            Send(commands, "TIMEOUT 15");
            return status;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            quit.WaitIfQuitting();   // killing usplash broke our FIFO: the restart is under way
            console.Error(ErrorText.Of(e));
            return ExitCodes.IoError;
        }
    }

    private static void Send(string fifo, string command)
    {
        using var stream = new FileStream(fifo, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1);
        stream.Write(Encoding.UTF8.GetBytes(command + "\0"));
    }

    private static int CopyPassword(string fifo)
    {
        using var input = new FileStream(fifo, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
        byte[] password = SecretStreams.ReadToEnd(input);
        SecretStreams.WriteToStandardOutput(password, password.Length);
        return ExitCodes.Success;
    }

    public const string HelpText = """
        Usage: usplash [OPTION...]
        Mandos usplash -- Read and output a password through usplash

              --debug                Debug mode
          -?, --help                 Give this help list
              --usage                Give a short usage message
          -V, --version              Print program version
        """;
}
