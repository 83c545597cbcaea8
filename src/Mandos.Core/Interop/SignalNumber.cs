namespace Mandos.Core.Interop;

/// <summary>The signal numbers the programs send or re-raise with <see cref="Libc.Kill"/> (the same on every Linux architecture).</summary>
public static class SignalNumber
{
    public const int Hangup = 1;      // SIGHUP
    public const int Interrupt = 2;   // SIGINT
    public const int Kill = 9;        // SIGKILL
    public const int Child = 17;      // SIGCHLD
    public const int Terminate = 15;  // SIGTERM
}
