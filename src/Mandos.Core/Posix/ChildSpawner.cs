using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Text;
using Mandos.Core.Interop;
using Microsoft.Win32.SafeHandles;

namespace Mandos.Core.Posix;

/// <summary>
/// Starts a program with posix_spawn(3): exact argv (argv[0] included) and environment, every
/// signal back to its default, the rest as <see cref="SpawnOptions"/> say (by default stdin,
/// stdout and stderr inherited). <see cref="System.Diagnostics.Process"/> can neither set argv[0]
/// nor start a new session nor close inherited descriptors, and reaps children itself. The caller
/// reaps with <see cref="ChildStatus.Wait"/>.
/// </summary>
public static unsafe class ChildSpawner
{
    /// <summary>The file this process runs from, as a path a child it starts can execute (the child's /proc/self is its own, its executable still ours).</summary>
    public const string OwnExecutable = "/proc/self/exe";

    private const string DevNull = "/dev/null";
    private const short ResetIds = 0x01;           // POSIX_SPAWN_RESETIDS
    private const short SetSignalDefaults = 0x04;  // POSIX_SPAWN_SETSIGDEF
    private const short SetSignalMask = 0x08;      // POSIX_SPAWN_SETSIGMASK
    private const short NewSession = 0x80;         // POSIX_SPAWN_SETSID (glibc 2.26)
    private const int FirstPassed = 3;
    private const int ParkedFrom = 100;            // where a passed descriptor waits if its number is in the way

    // Opaque glibc structures, with room to spare: posix_spawnattr_t is 336 bytes and
    // posix_spawn_file_actions_t 80 on x86-64, sigset_t 128 everywhere.
    private const int AttributesSize = 1024;
    private const int FileActionsSize = 1024;
    private const int SignalSetSize = 128;

    /// <summary>Starts <paramref name="path"/>; with <paramref name="captureOutput"/>, its stdout comes back as <see cref="SpawnedChild.Output"/>.</summary>
    public static SpawnedChild Spawn(string path, IReadOnlyList<string> argv, IReadOnlyList<string> environment, bool captureOutput) =>
        Spawn(path, argv, environment, new SpawnOptions { CaptureOutput = captureOutput });

    public static SpawnedChild Spawn(string path, IReadOnlyList<string> argv, IReadOnlyList<string> environment, SpawnOptions options)
    {
        int* pipe = stackalloc int[2] { -1, -1 };
        if (options.CaptureOutput && Libc.Pipe2(pipe, OpenFlags.CloseOnExec) < 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "pipe2");
        }
        int* inputPipe = stackalloc int[2] { -1, -1 };
        if (options.InputPipe && Libc.Pipe2(inputPipe, OpenFlags.CloseOnExec) < 0)
        {
            int error = Marshal.GetLastPInvokeError();
            CloseBoth(pipe);
            throw new Win32Exception(error, "pipe2");
        }
        byte* attributes = stackalloc byte[AttributesSize];
        byte* fileActions = stackalloc byte[FileActionsSize];
        byte* noSignals = stackalloc byte[SignalSetSize];
        byte* allSignals = stackalloc byte[SignalSetSize];
        nint argvBlock = NativeArgs.Strings(argv);
        nint envBlock = NativeArgs.Strings(environment);
        int[] passed = Park(options.Descriptors);
        try
        {
            NativeArgs.Check(Libc.PosixSpawnAttrInit(attributes), "posix_spawnattr_init");
            NativeArgs.Check(Libc.PosixSpawnFileActionsInit(fileActions), "posix_spawn_file_actions_init");
            SetAttributes(attributes, noSignals, allSignals, options);
            AddFileActions(fileActions, options, pipe[1], inputPipe[0], passed);
            int error = Libc.PosixSpawn(out int pid, path, fileActions, attributes, (byte**)argvBlock, (byte**)envBlock);
            if (error != 0)
            {
                throw new Win32Exception(error, $"{path}: {Marshal.GetPInvokeErrorMessage(error)}");
            }
            Stream? output = null;
            if (options.CaptureOutput)
            {
                _ = Libc.Close(pipe[1]);
                pipe[1] = -1;
                output = new FileStream(new SafeFileHandle(pipe[0], ownsHandle: true), FileAccess.Read, 1);
                pipe[0] = -1;
            }
            Stream? input = null;
            if (options.InputPipe)
            {
                _ = Libc.Close(inputPipe[0]);
                inputPipe[0] = -1;
                input = new FileStream(new SafeFileHandle(inputPipe[1], ownsHandle: true), FileAccess.Write, 1);
                inputPipe[1] = -1;
            }
            return new SpawnedChild(pid, output, input);
        }
        finally
        {
            CloseBoth(pipe);
            CloseBoth(inputPipe);
            for (int i = 0; i < passed.Length; i++)
            {
                if (passed[i] != options.Descriptors[i])
                {
                    _ = Libc.Close(passed[i]);
                }
            }
            _ = Libc.PosixSpawnFileActionsDestroy(fileActions);
            _ = Libc.PosixSpawnAttrDestroy(attributes);
            NativeMemory.Free((void*)argvBlock);
            NativeMemory.Free((void*)envBlock);
        }
    }

    private static void CloseBoth(int* ends)
    {
        for (int i = 0; i < 2; i++)
        {
            if (ends[i] >= 0)
            {
                _ = Libc.Close(ends[i]);
                ends[i] = -1;
            }
        }
    }

    private static void SetAttributes(byte* attributes, byte* noSignals, byte* allSignals, SpawnOptions options)
    {
        _ = Libc.SigEmptySet(noSignals);
        _ = Libc.SigFillSet(allSignals);
        NativeArgs.Check(Libc.PosixSpawnAttrSetSigMask(attributes, noSignals), "posix_spawnattr_setsigmask");
        NativeArgs.Check(Libc.PosixSpawnAttrSetSigDefault(attributes, allSignals), "posix_spawnattr_setsigdefault");
        short flags = SetSignalDefaults | SetSignalMask;
        if (options.NewSession)
        {
            flags |= NewSession;
        }
        if (options.ResetIds)
        {
            flags |= ResetIds;
        }
        NativeArgs.Check(Libc.PosixSpawnAttrSetFlags(attributes, flags), "posix_spawnattr_setflags");
    }

    /// <summary>
    /// Passed descriptors whose numbers lie where others are put (3, 4, …) are copied out of the way
    /// first, so that no dup2 overwrites one still to be passed, and none is dup2'd onto itself
    /// (which would leave its close-on-exec flag set).
    /// </summary>
    private static int[] Park(IReadOnlyList<int> descriptors)
    {
        int[] parked = descriptors.ToArray();
        for (int i = 0; i < parked.Length; i++)
        {
            if (parked[i] < FirstPassed + parked.Length)
            {
                int copy = Libc.Fcntl(parked[i], Libc.DuplicateCloseOnExec, ParkedFrom);
                if (copy < 0)
                {
                    throw new Win32Exception(Marshal.GetLastPInvokeError(), "fcntl(F_DUPFD_CLOEXEC)");
                }
                parked[i] = copy;
            }
        }
        return parked;
    }

    private static void AddFileActions(byte* fileActions, SpawnOptions options, int outputPipe, int inputPipe, int[] passed)
    {
        if (options.WorkingDirectory is not null)
        {
            NativeArgs.Check(Libc.PosixSpawnFileActionsAddChdir(fileActions, options.WorkingDirectory), "posix_spawn_file_actions_addchdir_np");
        }
        if (options.InputPipe)
        {
            // As for stdout: the copy on 0 stays open across the exec, both pipe ends close.
            NativeArgs.Check(Libc.PosixSpawnFileActionsAddDup2(fileActions, inputPipe, 0), "posix_spawn_file_actions_adddup2");
        }
        else if (options.InputFromDevNull)
        {
            NativeArgs.Check(Libc.PosixSpawnFileActionsAddOpen(fileActions, 0, DevNull, OpenFlags.ReadOnly, 0), "posix_spawn_file_actions_addopen");
        }
        else if (options.InputDescriptor is int input)
        {
            NativeArgs.Check(Libc.PosixSpawnFileActionsAddDup2(fileActions, input, 0), "posix_spawn_file_actions_adddup2");
        }
        if (options.CaptureOutput)
        {
            // dup2 clears close-on-exec on the copy; both pipe ends close in the child.
            NativeArgs.Check(Libc.PosixSpawnFileActionsAddDup2(fileActions, outputPipe, 1), "posix_spawn_file_actions_adddup2");
        }
        else if (options.OutputToStandardError)
        {
            NativeArgs.Check(Libc.PosixSpawnFileActionsAddDup2(fileActions, 2, 1), "posix_spawn_file_actions_adddup2");
        }
        else if (options.OutputToDevNull)
        {
            NativeArgs.Check(Libc.PosixSpawnFileActionsAddOpen(fileActions, 1, DevNull, OpenFlags.WriteOnly, 0), "posix_spawn_file_actions_addopen");
        }
        if (options.OutputToDevNull || options.ErrorToDevNull)
        {
            NativeArgs.Check(Libc.PosixSpawnFileActionsAddOpen(fileActions, 2, DevNull, OpenFlags.WriteOnly, 0), "posix_spawn_file_actions_addopen");
        }
        for (int i = 0; i < passed.Length; i++)
        {
            NativeArgs.Check(Libc.PosixSpawnFileActionsAddDup2(fileActions, passed[i], FirstPassed + i), "posix_spawn_file_actions_adddup2");
        }
        if (options.CloseOtherDescriptors)
        {
            NativeArgs.Check(Libc.PosixSpawnFileActionsAddCloseFrom(fileActions, FirstPassed + passed.Length),
                "posix_spawn_file_actions_addclosefrom_np");
        }
    }

    /// <summary>Our own environment as NAME=value strings, with <paramref name="overrides"/> in front of the names they set.</summary>
    public static List<string> EnvironmentWith(IEnumerable<KeyValuePair<string, string>> overrides)
    {
        var entries = new List<string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach ((string name, string value) in overrides)
        {
            if (names.Add(name))
            {
                entries.Add($"{name}={value}");
            }
        }
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            string name = (string)entry.Key;
            if (names.Add(name))
            {
                entries.Add($"{name}={entry.Value}");
            }
        }
        return entries;
    }
}
