namespace Mandos.Integration.Tests.Harness;

/// <summary>What a test can see of other processes from outside, through /proc.</summary>
public static class ProcFs
{
    /// <summary>Pids of the processes whose executable (/proc/PID/exe) is the file <paramref name="path"/>.</summary>
    public static List<int> ByExecutable(string path) =>
        Pids().Where(pid => Link($"/proc/{pid}/exe") == path).ToList();

    /// <summary>
    /// Pids of the processes running the file <paramref name="path"/> leads to, by device and
    /// inode, whichever of its hard links or through whichever directory links they were started.
    /// </summary>
    public static List<int> BySameFile(string path)
    {
        (ulong, ulong)? file = Identity(path);
        return file is null ? [] : Pids().Where(pid => Identity($"/proc/{pid}/exe") == file).ToList();
    }

    private static (ulong, ulong)? Identity(string path) =>
        Mandos.Core.Posix.FileStatus.Of(path) is { } status ? (status.Device, status.Inode) : null;

    /// <summary>
    /// The user id that owns the IPv4 TCP socket bound to <paramref name="address"/>:<paramref name="port"/>
    /// on this machine (/proc/net/tcp: local address as little-endian hex, then the uid in the
    /// eighth column); null when there is none.
    /// </summary>
    public static uint? TcpSocketOwner(System.Net.IPAddress address, int port)
    {
        string local = $"{BitConverter.ToUInt32(address.GetAddressBytes()):X8}:{port:X4}";
        foreach (string line in File.ReadLines("/proc/net/tcp").Skip(1))
        {
            string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 7 && fields[1] == local)
            {
                return uint.Parse(fields[7], System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        return null;
    }

    /// <summary>The argv of a process; empty when it is gone (or a zombie).</summary>
    public static List<string> CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Split('\0').SkipLast(1).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>Gone, or a zombie that its parent (or init, after its parent died) has not reaped yet.</summary>
    public static bool IsGone(int pid) => State(pid) is null or 'Z' or 'X';

    /// <summary>The session id (/proc/PID/stat field 6), or -1 when it is gone.</summary>
    public static int SessionOf(int pid) => Stat(pid) is string[] fields && int.TryParse(fields[3], out int sid) ? sid : -1;

    /// <summary>The children of a process (those whose /proc/PID/stat names it as parent).</summary>
    public static List<int> ChildrenOf(int pid) =>
        Pids().Where(p => Stat(p) is string[] fields && fields[1] == pid.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();

    /// <summary>
    /// The "Uid:" and "Gid:" lines of every thread of a process (real, effective, saved set and
    /// file-system ids), e.g. "Uid: 65534 0 0 0", each line once; empty when it is gone.
    /// </summary>
    public static List<string> Ids(int pid)
    {
        var lines = new SortedSet<string>(StringComparer.Ordinal);
        try
        {
            foreach (string task in Directory.GetDirectories($"/proc/{pid}/task"))
            {
                foreach (string line in ReadOrEmpty(Path.Combine(task, "status")).Split('\n'))
                {
                    if (line.StartsWith("Uid:", StringComparison.Ordinal) || line.StartsWith("Gid:", StringComparison.Ordinal))
                    {
                        lines.Add(string.Join(' ', line.Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)));
                    }
                }
            }
        }
        catch (DirectoryNotFoundException)
        {
        }
        return lines.ToList();
    }

    /// <summary>/proc/PID/task/TID/status of each thread of <paramref name="pid"/> alive now (thread-pool threads come and go).</summary>
    public static IReadOnlyList<string[]> ThreadStatuses(int pid)
    {
        var statuses = new List<string[]>();
        foreach (string task in Directory.GetDirectories($"/proc/{pid}/task"))
        {
            try
            {
                statuses.Add(File.ReadAllLines(Path.Combine(task, "status")));
            }
            catch (IOException)
            {
                // The thread ended between listing and reading.
            }
        }
        return statuses;
    }

    /// <summary>A field ("Uid", "Gid", "Groups") of a status file's lines, without its name.</summary>
    public static string StatusField(string[] status, string field) =>
        status.First(l => l.StartsWith(field + ":", StringComparison.Ordinal))[(field.Length + 1)..].Trim();

    private static char? State(int pid) => Stat(pid) is string[] fields ? fields[0][0] : null;

    /// <summary>/proc/PID/stat after the command name: state, ppid, pgrp, session, ...</summary>
    private static string[]? Stat(int pid)
    {
        string text = ReadOrEmpty($"/proc/{pid}/stat");
        int end = text.LastIndexOf(')');
        return end < 0 ? null : text[(end + 2)..].Split(' ');
    }

    private static IEnumerable<int> Pids() =>
        Directory.EnumerateDirectories("/proc").Select(Path.GetFileName)
            .Select(n => int.TryParse(n, out int pid) ? pid : 0).Where(pid => pid > 0);

    private static string? Link(string path)
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

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
