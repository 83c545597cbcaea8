using System.Runtime.InteropServices;

namespace Mandos.Client;

/// <summary>
/// SIGINT, SIGHUP and SIGTERM cancel <see cref="Token"/> so that the client can run its stop hooks
/// and take its interfaces down; <see cref="Reraise"/> then dies by the same signal, as upstream.
/// </summary>
public sealed partial class QuitSignals : IDisposable
{
    private readonly CancellationTokenSource _quit = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private PosixSignal? _received;

    public QuitSignals()
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
        int number = signal switch { PosixSignal.SIGINT => 2, PosixSignal.SIGHUP => 1, _ => 15 };
        _ = Kill(Environment.ProcessId, number);
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

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
