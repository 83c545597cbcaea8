using System.Runtime.InteropServices;

namespace Mandos.Plugins.PasswordPrompt;

/// <summary>Turns a terminal's ECHO off (discarding typed-ahead input) and back on.</summary>
public sealed unsafe partial class TerminalEcho
{
    private const int TermiosSize = 64;      // struct termios is 60 bytes on Linux
    private const int LocalFlagsOffset = 12; // c_lflag follows c_iflag, c_oflag, c_cflag
    private const uint Echo = 0x8;           // ECHO
    private const int SetAfterFlush = 2;     // TCSAFLUSH

    private readonly int _fd;
    private readonly byte[] _saved = new byte[TermiosSize];
    private int _restored;

    private TerminalEcho(int fd) => _fd = fd;

    public static bool IsTerminal(int fd) => isatty(fd) == 1;

    /// <summary>Echo off on <paramref name="fd"/>; null when its settings cannot be read.</summary>
    public static TerminalEcho? Disable(int fd)
    {
        var echo = new TerminalEcho(fd);
        byte* current = stackalloc byte[TermiosSize];
        fixed (byte* saved = echo._saved)
        {
            if (tcgetattr(fd, saved) != 0)
            {
                return null;
            }
            new Span<byte>(saved, TermiosSize).CopyTo(new Span<byte>(current, TermiosSize));
        }
        *(uint*)(current + LocalFlagsOffset) &= ~Echo;
        return tcsetattr(fd, SetAfterFlush, current) == 0 ? echo : null;
    }

    /// <summary>Puts the settings back; safe to call more than once and from a signal handler thread.</summary>
    public void Restore()
    {
        if (Interlocked.Exchange(ref _restored, 1) == 0)
        {
            fixed (byte* saved = _saved)
            {
                _ = tcsetattr(_fd, SetAfterFlush, saved);
            }
        }
    }

    [LibraryImport("libc")]
    private static partial int isatty(int fd);

    [LibraryImport("libc")]
    private static partial int tcgetattr(int fd, byte* termios);

    [LibraryImport("libc")]
    private static partial int tcsetattr(int fd, int when, byte* termios);
}
