using System.Globalization;
using System.Runtime.InteropServices;
using Mandos.Core.Interop;

namespace Mandos.Plugins.Common;

/// <summary>Looks through /proc for running programs, as the splash-screen plugins find their daemon.</summary>
public static class ProcessTable
{
    /// <summary>
    /// Pids whose executable (/proc/PID/exe) is the file <paramref name="executable"/>. The kernel
    /// names the file by its real path: /sbin/plymouthd runs as /usr/sbin/plymouthd where /sbin
    /// is a symbolic link to usr/sbin (merged /usr, Debian 12 and its initramfs). Lowest pid first.
    /// </summary>
    public static List<int> ByExecutable(string executable)
    {
        string wanted = RealPath(executable) ?? executable;
        return Pids().Where(pid => ExecutableOf(pid) == wanted).ToList();
    }

    /// <summary>The file a process runs (its /proc/PID/exe), or null when it is gone or hidden from us.</summary>
    public static string? ExecutableOf(int pid) => LinkOf($"/proc/{pid}/exe");

    /// <summary>Pids whose argv[0] has the file name <paramref name="name"/>, lowest first.</summary>
    public static List<int> ByCommandName(string name) =>
        Pids().Where(pid => CommandLine(pid) is [string first, ..] && Path.GetFileName(first) == name).ToList();

    /// <summary>The argv of a process, or an empty list when it is gone.</summary>
    public static List<string> CommandLine(int pid)
    {
        try
        {
            string raw = File.ReadAllText($"/proc/{pid}/cmdline");
            return raw.Split('\0', StringSplitOptions.None).SkipLast(1).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>
    /// Whether process <paramref name="pid"/> has ended: no longer in /proc, or a zombie its
    /// parent has not reaped yet (it has let go of everything it held: sockets, files).
    /// </summary>
    public static bool HasEnded(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            // "PID (COMMAND) STATE ...": the command may hold spaces and parentheses; the state follows the last ")".
            int close = stat.LastIndexOf(')');
            return close >= 0 && close + 2 < stat.Length && stat[close + 2] == 'Z';
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }

    private static List<int> Pids() => PidsIn(Directory.EnumerateDirectories("/proc").Select(Path.GetFileName));

    /// <summary>
    /// The process ids among /proc's entry names, in numerical order: so that of several daemons
    /// (a plymouthd restarted while the old one exits, say) the lowest pid is always the one
    /// taken, whatever order the directory lists them in; never "10" before "9" as a sort by
    /// name would give.
    /// </summary>
    internal static List<int> PidsIn(IEnumerable<string?> names) =>
        names.Select(n => int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) ? pid : 0)
            .Where(pid => pid > 0).Order().ToList();

    /// <summary>realpath(3): every symbolic link resolved; null when the file does not exist.</summary>
    public static unsafe string? RealPath(string path)
    {
        byte* resolved = Libc.RealPath(path, null);
        if (resolved is null)
        {
            return null;
        }
        try
        {
            return Marshal.PtrToStringUTF8((nint)resolved);
        }
        finally
        {
            NativeMemory.Free(resolved);
        }
    }

    private static string? LinkOf(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
