using System.Runtime.InteropServices;

namespace Mandos.Keygen;

/// <summary>
/// Turns off echo on a terminal for as long as it is held (what <c>stty -echo</c> does), and
/// puts it back on dispose, or if the program is interrupted meanwhile.
/// </summary>
internal sealed class TerminalEcho : IDisposable
{
    private readonly int _fd;
    private readonly byte[] _saved = new byte[LibC.TermiosSize];
    private readonly PosixSignalRegistration[] _signals;
    private int _restored;

    private TerminalEcho(int fd)
    {
        _fd = fd;
        _signals =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => Restore()),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => Restore()),
            PosixSignalRegistration.Create(PosixSignal.SIGQUIT, _ => Restore()),
        ];
    }

    /// <summary>Switches echo off on <paramref name="fd"/>, or returns null if it is not a terminal.</summary>
    public static TerminalEcho? Disable(int fd)
    {
        if (LibC.isatty(fd) != 1)
        {
            return null;
        }
        var echo = new TerminalEcho(fd);
        if (LibC.tcgetattr(fd, echo._saved) != 0)
        {
            echo.DisposeSignals();
            return null;
        }
        byte[] quiet = (byte[])echo._saved.Clone();
        uint flags = MemoryMarshal.Read<uint>(quiet.AsSpan(LibC.LocalFlagsOffset));
        flags &= ~LibC.Echo;
        MemoryMarshal.Write(quiet.AsSpan(LibC.LocalFlagsOffset), in flags);
        LibC.tcsetattr(fd, LibC.SetNow, quiet);
        return echo;
    }

    public void Dispose()
    {
        Restore();
        DisposeSignals();
    }

    private void Restore()
    {
        if (Interlocked.Exchange(ref _restored, 1) == 0)
        {
            LibC.tcsetattr(_fd, LibC.SetNow, _saved);
        }
    }

    private void DisposeSignals()
    {
        foreach (PosixSignalRegistration signal in _signals)
        {
            signal.Dispose();
        }
    }
}
