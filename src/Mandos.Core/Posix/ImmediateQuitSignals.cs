using System.Runtime.InteropServices;
using Mandos.Core.Interop;

namespace Mandos.Core.Posix;

/// <summary>
/// On SIGINT, SIGHUP or SIGTERM: run a clean-up at once, then end the process, either by that
/// same signal (as upstream's plugins do) or with an exit status (upstream's plymouth plugin).
/// Unlike <see cref="DeferredQuitSignals"/>, the program gets no say: the clean-up runs on the
/// runtime's signal thread while the main thread may be waiting for a child the clean-up kills,
/// so the main thread must call <see cref="WaitIfQuitting"/> when its wait ends, or it would
/// return from Main and end the process in the middle of the clean-up.
/// </summary>
public sealed class ImmediateQuitSignals : IDisposable
{
    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _quitting;

    private ImmediateQuitSignals(Action cleanUp, int? exitStatus)
    {
        foreach ((PosixSignal signal, int number) in new[]
            { (PosixSignal.SIGINT, SignalNumber.Interrupt), (PosixSignal.SIGHUP, SignalNumber.Hangup), (PosixSignal.SIGTERM, SignalNumber.Terminate) })
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
                _ = Libc.Signal(number, Libc.DefaultAction);
                _ = Libc.Kill(Environment.ProcessId, number);
            }));
        }
    }

    /// <summary>After the clean-up, die by the signal received.</summary>
    public static ImmediateQuitSignals Reraising(Action cleanUp) => new(cleanUp, null);

    /// <summary>After the clean-up, exit with <paramref name="status"/>.</summary>
    public static ImmediateQuitSignals Exiting(Action cleanUp, int status) => new(cleanUp, status);

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
}
