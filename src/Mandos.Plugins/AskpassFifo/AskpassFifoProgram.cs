using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Mandos.Core.CommandLine;
using Mandos.Core.Errors;
using Mandos.Core.Interop;
using Mandos.Core.Posix;
using Mandos.Plugins.Common;

namespace Mandos.Plugins.AskpassFifo;

/// <summary>
/// <c>askpass-fifo</c>: stands in for cryptsetup's askpass FIFO. Creates /lib/cryptsetup/passfifo
/// (mode 0600), opens it as root, drops to the real user, and copies whatever one writer sends,
/// up to end of file, to stdout unchanged.
/// </summary>
public static class AskpassFifoProgram
{
    public const string Name = "askpass-fifo";
    public const string FifoPath = "/lib/cryptsetup/passfifo";

    private static readonly OptionSpec[] Specs = [new("debug"), .. PluginConsole.InformationOptions];

    public static int Run(string[] args)
    {
        if (PluginConsole.Parse(Name, args, Specs, HelpText, out ParsedOptions o) is int done)
        {
            return done;
        }
        var console = new PluginConsole(Name, o.Has("debug"));
        string fifo = SystemPaths.Get("MANDOS_TEST_PASSFIFO", FifoPath);
        if (Libc.MkFifo(fifo, 0b110_000_000) != 0 && Marshal.GetLastPInvokeError() != Errno.Exists)
        {
            int error = Marshal.GetLastPInvokeError();
            console.Error($"mkfifo {fifo}: {Marshal.GetPInvokeErrorMessage(error)}");
            return error == Errno.NoSuchFile ? ExitCodes.Unavailable : ExitCodes.OsError;   // no /lib/cryptsetup
        }
        FileStream input;
        try
        {
            input = new FileStream(fifo, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.Error($"open {fifo}: {ErrorText.Of(e)}");
            return ExitCodes.OsFile;
        }
        try
        {
            Credentials.DropTo(Credentials.RealUserId, Credentials.RealGroupId);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            console.Error(ErrorText.Of(e));
        }
        return Copy(input, console);
    }

    private static int Copy(FileStream input, PluginConsole console)
    {
        byte[] buffer = new byte[4096];
        try
        {
            using Stream stdout = Console.OpenStandardOutput();
            int n;
            while ((n = input.Read(buffer, 0, buffer.Length)) > 0)
            {
                stdout.Write(buffer, 0, n);
            }
            stdout.Flush();
            return ExitCodes.Success;
        }
        catch (IOException e)
        {
            console.Error(ErrorText.Of(e));
            return ExitCodes.IoError;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
            input.Dispose();
        }
    }

    public const string HelpText = """
        Usage: askpass-fifo [OPTION...]
        Mandos askpass-fifo -- Read a password from /lib/cryptsetup/passfifo

              --debug                Debug mode
          -?, --help                 Give this help list
              --usage                Give a short usage message
          -V, --version              Print program version
        """;
}
