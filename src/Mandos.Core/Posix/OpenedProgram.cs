using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Mandos.Core.Posix;

/// <summary>
/// A program opened once, checked on the open file and executed from it (as fexecve(3) does,
/// through /proc/self/fd), so the file that was checked is the file that runs, whatever is
/// renamed over its path meanwhile. A program run as root must be a regular file with an execute
/// bit, owned by root (or by us) and writable by nobody else.
/// </summary>
public sealed unsafe partial class OpenedProgram : IDisposable
{
    // In the child the program is descriptor 3 (the first one passed), open across the exec so
    // that a script's interpreter can open it again by this name.
    private const string ExecutedPath = "/proc/self/fd/3";
    private const int StatSize = 256;
    private const uint TypeMask = 0xF000;           // S_IFMT
    private const uint RegularFile = 0x8000;        // S_IFREG
    private const uint AnyExecute = 0b001_001_001;  // S_IXUSR | S_IXGRP | S_IXOTH
    private const uint WritableByOthers = 0b000_010_010;  // S_IWGRP | S_IWOTH

    private readonly SafeFileHandle _file;

    private OpenedProgram(string path, SafeFileHandle file)
    {
        Path = path;
        _file = file;
    }

    public string Path { get; }

    /// <summary>Opens and checks <paramref name="path"/>; throws <see cref="IOException"/> with the reason when it may not run.</summary>
    public static OpenedProgram Open(string path)
    {
        SafeFileHandle file;
        try
        {
            file = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{path}: cannot be opened ({Describe(e)})", e);
        }
        try
        {
            Check(path, file);
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

    private static void Check(string path, SafeFileHandle file)
    {
        byte* st = stackalloc byte[StatSize];
        if (fstat((int)file.DangerousGetHandle(), st) < 0)
        {
            throw new IOException($"{path}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }
        // st_mode, st_uid: at 24 and 28 on x86-64 (st_nlink is 8 bytes there), at 16 and 24 on
        // the generic layout (arm64, riscv64).
        bool x64 = RuntimeInformation.ProcessArchitecture == Architecture.X64;
        uint mode = *(uint*)(st + (x64 ? 24 : 16));
        uint owner = *(uint*)(st + (x64 ? 28 : 24));
        if ((mode & TypeMask) != RegularFile)
        {
            throw new IOException($"{path}: not a regular file");
        }
        if ((mode & AnyExecute) == 0)
        {
            throw new IOException($"{path}: not executable");
        }
        uint us = Credentials.EffectiveUserId;
        if (owner != 0 && owner != us)
        {
            throw new IOException($"{path}: owned by user {owner}, not by root");
        }
        if ((mode & WritableByOthers) != 0)
        {
            throw new IOException($"{path}: writable by its group or by others");
        }
    }

    private static string Describe(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "no such file",
        UnauthorizedAccessException => "permission denied",
        _ => e.Message,
    };

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fstat(int fd, byte* buffer);
}
