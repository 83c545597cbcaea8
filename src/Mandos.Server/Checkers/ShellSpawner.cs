using System.Collections;
using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Text;
using Mandos.Core.Posix;

namespace Mandos.Server.Checkers;

/// <summary>
/// Starts <c>/bin/sh -c COMMAND</c> with posix_spawn(3), because <see cref="System.Diagnostics.Process"/>
/// can neither put the child in its own session and process group, nor give it /dev/null, nor
/// close inherited descriptors, nor let us read its real wait status.
/// </summary>
internal static unsafe partial class ShellSpawner
{
    private const string Shell = "/bin/sh";
    private const string DevNull = "/dev/null";
    private const int ReadOnly = 0;     // O_RDONLY
    private const int WriteOnly = 1;    // O_WRONLY
    private const short SetSignalDefaults = 0x04;  // POSIX_SPAWN_SETSIGDEF
    private const short SetSignalMask = 0x08;      // POSIX_SPAWN_SETSIGMASK
    private const short NewSession = 0x80;         // POSIX_SPAWN_SETSID (glibc 2.26)

    // Opaque glibc structures, with room to spare: posix_spawnattr_t is 336 bytes and
    // posix_spawn_file_actions_t 80 on x86-64, sigset_t 128 everywhere.
    private const int AttributesSize = 1024;
    private const int FileActionsSize = 1024;
    private const int SignalSetSize = 128;

    /// <summary>Starts the shell; returns its pid, which is also its session and group id.</summary>
    public static int Spawn(string command, bool showOutput)
    {
        if (command.Contains('\0'))
        {
            throw new ArgumentException("checker command contains a NUL character", nameof(command));
        }
        byte* attributes = stackalloc byte[AttributesSize];
        byte* fileActions = stackalloc byte[FileActionsSize];
        byte* noSignals = stackalloc byte[SignalSetSize];
        byte* allSignals = stackalloc byte[SignalSetSize];
        NativeArgs.Check(posix_spawnattr_init(attributes), "posix_spawnattr_init");
        try
        {
            SetAttributes(attributes, noSignals, allSignals);
            NativeArgs.Check(posix_spawn_file_actions_init(fileActions), "posix_spawn_file_actions_init");
            try
            {
                AddFileActions(fileActions, showOutput);
                return SpawnWith(fileActions, attributes, command);
            }
            finally
            {
                _ = posix_spawn_file_actions_destroy(fileActions);
            }
        }
        finally
        {
            _ = posix_spawnattr_destroy(attributes);
        }
    }

    /// <summary>
    /// A new session makes the shell leader of its own process group (so the whole checker can be
    /// killed at once) and detaches it from any terminal, as upstream's daemonized checkers are.
    /// Every signal goes back to its default: .NET ignores SIGPIPE, which `a | grep -q` relies on.
    /// (glibc leaves its two internal signals, 32 and 33, ignored; no program uses them.)
    /// </summary>
    private static void SetAttributes(byte* attributes, byte* noSignals, byte* allSignals)
    {
        _ = sigemptyset(noSignals);
        _ = sigfillset(allSignals);
        NativeArgs.Check(posix_spawnattr_setsigmask(attributes, noSignals), "posix_spawnattr_setsigmask");
        NativeArgs.Check(posix_spawnattr_setsigdefault(attributes, allSignals), "posix_spawnattr_setsigdefault");
        NativeArgs.Check(posix_spawnattr_setflags(attributes, SetSignalDefaults | SetSignalMask | NewSession),
            "posix_spawnattr_setflags");
    }

    /// <summary>Upstream: cwd "/", stdin /dev/null, output to /dev/null unless --debug, close_fds.</summary>
    private static void AddFileActions(byte* fileActions, bool showOutput)
    {
        NativeArgs.Check(posix_spawn_file_actions_addchdir_np(fileActions, "/"), "posix_spawn_file_actions_addchdir_np");
        NativeArgs.Check(posix_spawn_file_actions_addopen(fileActions, 0, DevNull, ReadOnly, 0), "posix_spawn_file_actions_addopen");
        if (!showOutput)
        {
            NativeArgs.Check(posix_spawn_file_actions_addopen(fileActions, 1, DevNull, WriteOnly, 0), "posix_spawn_file_actions_addopen");
            NativeArgs.Check(posix_spawn_file_actions_adddup2(fileActions, 1, 2), "posix_spawn_file_actions_adddup2");
        }
        // Descriptors without close-on-exec (an inherited listening socket) must not leak into checkers.
        NativeArgs.Check(posix_spawn_file_actions_addclosefrom_np(fileActions, 3), "posix_spawn_file_actions_addclosefrom_np");
    }

    private static int SpawnWith(byte* fileActions, byte* attributes, string command)
    {
        // argv[0] as Python's subprocess gives it with shell=True.
        nint argv = NativeArgs.Strings([Shell, "-c", command]);
        nint envp = NativeArgs.Strings(CurrentEnvironment());
        try
        {
            int error = posix_spawn(out int pid, Shell, fileActions, attributes, (byte**)argv, (byte**)envp);
            if (error != 0)
            {
                throw new Win32Exception(error, $"could not start {Shell}: {Marshal.GetPInvokeErrorMessage(error)}");
            }
            return pid;
        }
        finally
        {
            NativeMemory.Free((void*)argv);
            NativeMemory.Free((void*)envp);
        }
    }

    /// <summary>The server's environment as .NET sees it (what Process.Start would pass on).</summary>
    private static List<string> CurrentEnvironment()
    {
        var entries = new List<string>();
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            entries.Add($"{entry.Key}={entry.Value}");
        }
        return entries;
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int posix_spawn(out int pid, string path, byte* fileActions, byte* attributes, byte** argv, byte** envp);

    [LibraryImport("libc")]
    private static partial int posix_spawnattr_init(byte* attributes);

    [LibraryImport("libc")]
    private static partial int posix_spawnattr_destroy(byte* attributes);

    [LibraryImport("libc")]
    private static partial int posix_spawnattr_setflags(byte* attributes, short flags);

    [LibraryImport("libc")]
    private static partial int posix_spawnattr_setsigmask(byte* attributes, byte* signals);

    [LibraryImport("libc")]
    private static partial int posix_spawnattr_setsigdefault(byte* attributes, byte* signals);

    [LibraryImport("libc")]
    private static partial int sigemptyset(byte* signals);

    [LibraryImport("libc")]
    private static partial int sigfillset(byte* signals);

    [LibraryImport("libc")]
    private static partial int posix_spawn_file_actions_init(byte* fileActions);

    [LibraryImport("libc")]
    private static partial int posix_spawn_file_actions_destroy(byte* fileActions);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int posix_spawn_file_actions_addopen(byte* fileActions, int fd, string path, int flags, uint mode);

    [LibraryImport("libc")]
    private static partial int posix_spawn_file_actions_adddup2(byte* fileActions, int fd, int newFd);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int posix_spawn_file_actions_addchdir_np(byte* fileActions, string path);

    [LibraryImport("libc")]
    private static partial int posix_spawn_file_actions_addclosefrom_np(byte* fileActions, int from);
}
