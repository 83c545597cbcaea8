using System.Runtime.InteropServices;
using Mandos.Core.Interop;
using Microsoft.Win32.SafeHandles;

namespace Mandos.Core.Posix;

/// <summary>
/// A program opened once (O_PATH: a FIFO or device node is neither opened nor waited on),
/// checked on the open file and executed from it (as fexecve(3) does, through /proc/self/fd), so
/// the file that was checked is the file that runs, whatever is renamed over its path meanwhile.
/// A program run as root must be a regular file with an execute bit, owned by root (or by us) and
/// writable by nobody else, and so must every directory above it, as named and as resolved
/// (owned by root or us, and not writable by others unless sticky, as /tmp is): otherwise someone
/// else could have put another file there.
/// </summary>
public sealed class OpenedProgram : IDisposable
{
    // In the child the program is descriptor 3 (the first one passed), open across the exec so
    // that a script's interpreter can open it again by this name.
    private const string ExecutedPath = "/proc/self/fd/3";

    private readonly SafeFileHandle _file;

    private OpenedProgram(string path, SafeFileHandle file)
    {
        Path = path;
        _file = file;
    }

    public string Path { get; }

    /// <summary>Opens and checks <paramref name="path"/>; throws <see cref="ProgramFileException"/> with the reason when it may not run.</summary>
    public static OpenedProgram Open(string path)
    {
        string full = System.IO.Path.GetFullPath(path);
        CheckDirectories(path, full);
        int fd = Libc.Open(full, OpenFlags.PathOnly | OpenFlags.CloseOnExec);
        if (fd < 0)
        {
            throw new ProgramFileException($"{path}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }
        var file = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            CheckFile(path, fd);
            string? resolved = new FileInfo($"/proc/self/fd/{fd}").LinkTarget;
            if (resolved is not null && resolved != full)
            {
                CheckDirectories(path, resolved);
            }
            return new OpenedProgram(path, file);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Starts it with <paramref name="argv"/> and <paramref name="environment"/>; the options' own <see cref="SpawnOptions.Descriptors"/> come after it.</summary>
    public SpawnedChild Spawn(IReadOnlyList<string> argv, IReadOnlyList<string> environment, SpawnOptions options)
    {
        bool added = false;
        try
        {
            _file.DangerousAddRef(ref added);
            int fd = (int)_file.DangerousGetHandle();
            return ChildSpawner.Spawn(ExecutedPath, argv, environment, options with { Descriptors = [fd, .. options.Descriptors] });
        }
        finally
        {
            if (added)
            {
                _file.DangerousRelease();
            }
        }
    }

    public void Dispose() => _file.Dispose();

    private static void CheckFile(string path, int fd)
    {
        FileStatus status = FileStatus.Of(fd) ?? throw new ProgramFileException($"{path}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        if (!status.IsRegularFile)
        {
            throw new ProgramFileException($"{path}: not a regular file");
        }
        if (!status.IsExecutable)
        {
            throw new ProgramFileException($"{path}: not executable");
        }
        CheckOwner(path, path, status);
        if (status.IsWritableByOthers)
        {
            throw new ProgramFileException($"{path}: writable by its group or by others");
        }
    }

    /// <summary>Every directory above <paramref name="full"/>: owned by root or us, not writable by others unless sticky.</summary>
    private static void CheckDirectories(string path, string full)
    {
        for (string? dir = System.IO.Path.GetDirectoryName(full); dir is not null; dir = System.IO.Path.GetDirectoryName(dir))
        {
            FileStatus status = FileStatus.Of(dir) ?? throw new ProgramFileException($"{path}: directory {dir} cannot be examined");
            CheckOwner(path, "directory " + dir, status);
            if (status.IsWritableByOthers && !status.IsSticky)
            {
                throw new ProgramFileException($"{path}: directory {dir} is writable by its group or by others");
            }
        }
    }

    private static void CheckOwner(string path, string what, FileStatus status)
    {
        if (status.Owner != 0 && status.Owner != Credentials.EffectiveUserId)
        {
            throw new ProgramFileException(what == path ? $"{path}: owned by user {status.Owner}, not by root" : $"{path}: {what} is owned by user {status.Owner}, not by root");
        }
    }
}
