namespace Mandos.Plugins.Common;

/// <summary>Looks through /proc for running programs, as the splash-screen plugins find their daemon.</summary>
public static class ProcessTable
{
    /// <summary>Pids whose executable (/proc/PID/exe) is <paramref name="executable"/>.</summary>
    public static List<int> ByExecutable(string executable) =>
        Pids().Where(pid => LinkOf($"/proc/{pid}/exe") == executable).ToList();

    /// <summary>Pids whose argv[0] has the file name <paramref name="name"/>.</summary>
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

    private static IEnumerable<int> Pids() =>
        Directory.EnumerateDirectories("/proc").Select(Path.GetFileName)
            .Select(n => int.TryParse(n, out int pid) ? pid : 0).Where(pid => pid > 0);

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
