using System.Runtime.InteropServices;
using Mandos.Core.Interop;

namespace Mandos.Core.Posix;

/// <summary>
/// Turns a terminal's ECHO off while a password is typed (what <c>stty -echo</c> does) and puts
/// its settings back on <see cref="Restore"/> or dispose: mandos-keygen's passphrase prompt and
/// the password-prompt plugin both need it.
/// </summary>
public sealed unsafe class TerminalEcho : IDisposable
{
    private const int TermiosSize = 256;     // room for any libc's struct termios (glibc's is 60 bytes)
    private const int LocalFlagsOffset = 12; // c_lflag follows c_iflag, c_oflag, c_cflag (32 bits each)
    private const uint Echo = 0x8;           // ECHO

    private readonly int _fd;
    private readonly int _when;
    private readonly byte[] _saved = new byte[TermiosSize];
    private PosixSignalRegistration[] _signals = [];
    private int _restored;

    private TerminalEcho(int fd, int when)
    {
        _fd = fd;
        _when = when;
    }

    public static bool IsTerminal(int fd) => Libc.IsATty(fd) == 1;

    /// <summary>
    /// Echo off on <paramref name="fd"/>; null when it is not a terminal or its settings cannot be
    /// read or changed. With <paramref name="discardTypedAhead"/> the change (and the restore) also
    /// drops input not yet read (TCSAFLUSH), else it takes effect at once (TCSANOW). With
    /// <paramref name="restoreOnSignals"/>, SIGINT, SIGTERM and SIGQUIT put the settings back
    /// before taking their usual course.
    /// </summary>
    public static TerminalEcho? Disable(int fd, bool discardTypedAhead, bool restoreOnSignals)
    {
        if (!IsTerminal(fd))
        {
            return null;
        }
        var echo = new TerminalEcho(fd, discardTypedAhead ? Libc.SetAfterFlush : Libc.SetNow);
        byte* quiet = stackalloc byte[TermiosSize];
        fixed (byte* saved = echo._saved)
        {
            if (Libc.TcGetAttr(fd, saved) != 0)
            {
                return null;
            }
            new Span<byte>(saved, TermiosSize).CopyTo(new Span<byte>(quiet, TermiosSize));
        }
        if (restoreOnSignals)
        {
            echo._signals =
            [
                PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => echo.Restore()),
                PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => echo.Restore()),
                PosixSignalRegistration.Create(PosixSignal.SIGQUIT, _ => echo.Restore()),
            ];
        }
        *(uint*)(quiet + LocalFlagsOffset) &= ~Echo;
        if (Libc.TcSetAttr(fd, echo._when, quiet) != 0)
        {
            echo.DisposeSignals();
            return null;
        }
        return echo;
    }

    /// <summary>Puts the settings back; safe to call more than once and from a signal handler thread.</summary>
    public void Restore()
    {
        if (Interlocked.Exchange(ref _restored, 1) == 0)
        {
            fixed (byte* saved = _saved)
            {
                _ = Libc.TcSetAttr(_fd, _when, saved);
            }
        }
    }

    public void Dispose()
    {
        Restore();
        DisposeSignals();
    }

    private void DisposeSignals()
    {
        foreach (PosixSignalRegistration signal in _signals)
        {
            signal.Dispose();
        }
    }
}
