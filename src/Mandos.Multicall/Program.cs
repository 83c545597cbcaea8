using Mandos.Core.Errors;

namespace Mandos.Multicall;

/// <summary>
/// One executable for the whole initramfs, acting as the program it is run as (busybox-style):
/// argv[0]'s file name picks it from <see cref="ProgramTable"/>. The file is never set-user-ID,
/// so the name chooses a program, never a privilege: whoever runs it has only the ids they had.
/// Its children that must be this same program again (the client's network side, plugins that
/// get root) are started from /proc/self/exe, this file, whatever name it was run under.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        string invoked = InvokedName();
        string name = ProgramTable.NameOf(invoked);
        return TopLevelGuard.Run(name, ProgramTable.Doing(name), args, () => ProgramTable.Run(invoked, args));
    }

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
