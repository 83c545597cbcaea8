using System.Runtime.InteropServices;

namespace Mandos.Plugins.Common;

/// <summary>
/// On SIGINT, SIGHUP or SIGTERM: run a clean-up, then end the process, either by that same signal
/// (as upstream's plugins do) or with an exit status (upstream's plymouth plugin). The clean-up
/// runs on the runtime's signal thread while the main thread may be waiting for a child the
/// clean-up kills: the main thread must call <see cref="WaitIfQuitting"/> when its wait ends, or
/// it would return from Main and end the process in the middle of the clean-up.
/// </summary>
public sealed partial class QuitSignals : IDisposable
{
    private static readonly nint DefaultAction = 0;   // SIG_DFL
    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _quitting;

    private QuitSignals(Action cleanUp, int? exitStatus)
    {
        foreach ((PosixSignal signal, int number) in new[] { (PosixSignal.SIGINT, 2), (PosixSignal.SIGHUP, 1), (PosixSignal.SIGTERM, 15) })
        {
            _registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                if (Interlocked.Exchange(ref _quitting, 1) != 0)
                {
                    return;   // the first signal's clean-up is under way and ends the process
                }
                cleanUp();
                if (exitStatus is int status)
                {
                    Environment.Exit(status);
                }
                _ = signal_(number, DefaultAction);
                _ = kill(Environment.ProcessId, number);
            }));
        }
    }

    /// <summary>After the clean-up, die by the signal received.</summary>
    public static QuitSignals Reraising(Action cleanUp) => new(cleanUp, null);

    /// <summary>After the clean-up, exit with <paramref name="status"/>.</summary>
    public static QuitSignals Exiting(Action cleanUp, int status) => new(cleanUp, status);

    public bool IsQuitting => Volatile.Read(ref _quitting) != 0;

    /// <summary>When a quit signal has arrived, blocks for good: the clean-up ends the process.</summary>
    public void WaitIfQuitting()
    {
        if (IsQuitting)
        {
            Thread.Sleep(Timeout.Infinite);
        }
    }

    public void Dispose() => _registrations.ForEach(r => r.Dispose());

    [LibraryImport("libc", EntryPoint = "signal")]
    private static partial nint signal_(int signal, nint handler);

    [LibraryImport("libc")]
    private static partial int kill(int pid, int signal);
}
