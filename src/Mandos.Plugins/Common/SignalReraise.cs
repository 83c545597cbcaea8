using System.Runtime.InteropServices;

namespace Mandos.Plugins.Common;

/// <summary>On SIGINT, SIGHUP or SIGTERM: run a clean-up, then die by that same signal, as upstream's plugins do.</summary>
public static partial class SignalReraise
{
    private static readonly nint DefaultAction = 0;   // SIG_DFL

    public static IDisposable OnQuit(Action cleanUp)
    {
        var registrations = new List<PosixSignalRegistration>();
        foreach ((PosixSignal signal, int number) in new[] { (PosixSignal.SIGINT, 2), (PosixSignal.SIGHUP, 1), (PosixSignal.SIGTERM, 15) })
        {
            registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                cleanUp();
                _ = signal_(number, DefaultAction);
                _ = kill(Environment.ProcessId, number);
            }));
        }
        return new Registrations(registrations);
    }

    private sealed class Registrations(List<PosixSignalRegistration> list) : IDisposable
    {
        public void Dispose() => list.ForEach(r => r.Dispose());
    }

    [LibraryImport("libc", EntryPoint = "signal")]
    private static partial nint signal_(int signal, nint handler);

    [LibraryImport("libc")]
    private static partial int kill(int pid, int signal);
}
