using System.Security.Cryptography;
using Mandos.Core.CommandLine;
using Mandos.Core.Posix;
using Mandos.Plugins.Common;

namespace Mandos.Plugins.PasswordPrompt;

/// <summary>
/// <c>password-prompt</c>: asks on the console (its stdin terminal) with echo off and prints the
/// line typed, without its newline. It steps aside when Plymouth runs, and never gives up by
/// itself: an empty read asks again.
/// </summary>
public static class PasswordPromptProgram
{
    public const string Name = "password-prompt";

    private static readonly OptionSpec[] Specs =
        [new("prompt", TakesValue: true), new("prefix", 'p', TakesValue: true), new("debug"), .. PluginConsole.InformationOptions];

    public static int Run(string[] args)
    {
        if (PluginConsole.Parse(Name, args, Specs, HelpText, out ParsedOptions o) is int done)
        {
            return done;
        }
        var console = new PluginConsole(Name, o.Has("debug"));
        console.DebugLine($"Starting {Name}");
        if (PlymouthIsRunning())
        {
            console.DebugLine($"Stopping {Name} because of conflict");
            return ExitCodes.Failure;
        }
        if (!TerminalEcho.IsTerminal(0))
        {
            console.Error("standard input is not a terminal");
            return ExitCodes.Unavailable;
        }
        TerminalEcho? echo = TerminalEcho.Disable(0, discardTypedAhead: true, restoreOnSignals: false);
        if (echo is null)
        {
            console.Error("could not turn off echo on the terminal");
            return ExitCodes.Unavailable;
        }
        using ImmediateQuitSignals quit = ImmediateQuitSignals.Reraising(echo.Restore);
        try
        {
            string prompt = Prompt(o.Get("prefix"), o.Get("prompt"));
            return ReadPassword(prompt, console);
        }
        finally
        {
            echo.Restore();
        }
    }

    private static int ReadPassword(string prompt, PluginConsole console)
    {
        using var stdin = new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(0, ownsHandle: false), FileAccess.Read, 1);
        byte[] line = new byte[4096];
        try
        {
            while (true)
            {
                Console.Error.Write(prompt);
                int length = ReadLine(stdin, line, out bool endOfFile);
                Console.Error.WriteLine();
                if (length < 0)
                {
                    console.Error("could not read from the terminal");
                    return ExitCodes.IoError;
                }
                if (length == 0 && endOfFile)
                {
                    continue;   // upstream retries an empty read (Ctrl-D)
                }
                using Stream stdout = Console.OpenStandardOutput();
                stdout.Write(line, 0, length);
                stdout.Flush();
                return ExitCodes.Success;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(line);
        }
    }

    /// <summary>Bytes up to (not including) the newline; -1 on a read error or a line too long.</summary>
    private static int ReadLine(Stream stdin, byte[] line, out bool endOfFile)
    {
        int length = 0;
        endOfFile = false;
        Span<byte> one = stackalloc byte[1];
        while (true)
        {
            int n;
            try
            {
                n = stdin.Read(one);
            }
            catch (IOException)
            {
                return -1;
            }
            if (n == 0)
            {
                endOfFile = true;
                return length;
            }
            if (one[0] == (byte)'\n')
            {
                return length;
            }
            if (length == line.Length)
            {
                return -1;
            }
            line[length++] = one[0];
        }
    }

    /// <summary>"PREFIX " then "PROMPT: " or the disk being unlocked, as upstream words it.</summary>
    public static string Prompt(string? prefix, string? prompt)
    {
        string text = prefix is null ? "" : prefix + " ";
        if (prompt is not null)
        {
            return text + prompt + ": ";
        }
        string? source = DiskPrompt.Source;
        string? name = DiskPrompt.Name;
        if (source is null && name is null)
        {
            return text + "Enter passphrase to unlock the disk: ";
        }
        return text + "Unlocking the disk" + DiskPrompt.Disk() + "\nEnter passphrase: ";
    }

    /// <summary>Plymouth owns the console when its pid file is readable or a plymouthd process exists.</summary>
    private static bool PlymouthIsRunning()
    {
        string pidFile = SystemPaths.Get("MANDOS_TEST_PLYMOUTH_PID", "/run/plymouth/pid");
        try
        {
            using (File.OpenRead(pidFile))
            {
                return true;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ProcessTable.ByCommandName("plymouthd").Count > 0;
        }
    }

    public const string HelpText = """
        Usage: password-prompt [OPTION...]
        Mandos password-prompt -- Read and output a password

              --prompt=PROMPT        The prompt to show
          -p, --prefix=PREFIX        Prefix shown before the prompt
              --debug                Debug mode
          -?, --help                 Give this help list
              --usage                Give a short usage message
          -V, --version              Print program version
        """;
}
