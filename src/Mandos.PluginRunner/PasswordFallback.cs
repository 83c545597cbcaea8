using System.Runtime.InteropServices;
using Mandos.Core.Interop;

namespace Mandos.PluginRunner;

/// <summary>
/// When no plugin gave a password: ask on the terminal with getpass(3), as upstream does (it reads
/// /dev/tty, or stdin when there is no terminal), and print the answer without its newline.
/// </summary>
public static unsafe class PasswordFallback
{
    /// <summary>True when an answer (possibly empty) was printed.</summary>
    public static bool Ask(Stream stdout)
    {
        Console.Error.WriteLine("Going to fallback mode using getpass(3)");
        byte* answer = Libc.GetPass("Password: ");
        if (answer is null)
        {
            Console.Error.WriteLine($"plugin-runner: getpass: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
            return false;
        }
        int length = 0;
        while (answer[length] != 0)
        {
            length++;
        }
        var text = new Span<byte>(answer, length);
        try
        {
            stdout.Write(text.EndsWith("\n"u8) ? text[..^1] : text);
            stdout.Flush();
            return true;
        }
        finally
        {
            text.Clear();
        }
    }
}
