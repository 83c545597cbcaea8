using System.Runtime.InteropServices;
using Mandos.Core.Interop;

namespace Mandos.Core.Posix;

/// <summary>
/// SIGINT, SIGHUP and SIGTERM only cancel <see cref="Token"/>: the program finishes its own
/// clean-up first (mandos-client runs its stop hooks and takes its interfaces down), then
/// <see cref="Reraise"/> dies by the same signal, as upstream. Unlike
/// <see cref="ImmediateQuitSignals"/>, nothing ends the process until the program says so.
/// </summary>
public sealed class DeferredQuitSignals : IDisposable
{
    private readonly CancellationTokenSource _quit = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private PosixSignal? _received;

    public DeferredQuitSignals()
    {
        foreach (PosixSignal signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGHUP, PosixSignal.SIGTERM })
        {
            _registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                _received ??= context.Signal;
                _quit.Cancel();
            }));
        }
    }

    public CancellationToken Token => _quit.Token;

    /// <summary>Restores the default action and re-raises the signal received, if any.</summary>
    public void Reraise()
    {
        if (_received is not PosixSignal signal)
        {
            return;
        }
        Dispose();
        int number = signal switch { PosixSignal.SIGINT => SignalNumber.Interrupt, PosixSignal.SIGHUP => SignalNumber.Hangup, _ => SignalNumber.Terminate };
        _ = Libc.Kill(Environment.ProcessId, number);
        Thread.Sleep(1000);
    }

    public void Dispose()
    {
        foreach (PosixSignalRegistration r in _registrations)
        {
            r.Dispose();
        }
        _registrations.Clear();
    }
}
