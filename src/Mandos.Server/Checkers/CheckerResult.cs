namespace Mandos.Server.Checkers;

/// <summary>
/// How a checker ended, as upstream records it: <see cref="ExitCode"/> is the
/// shell's exit code 0..255, or -1 when the shell was killed by <see cref="Signal"/>.
/// </summary>
public sealed record CheckerResult(int ExitCode, int? Signal)
{
    /// <summary>Reported when the exit status was taken by someone else (see <see cref="ChildExitWatcher"/>).</summary>
    internal static readonly CheckerResult Lost = new(255, null);

    /// <summary>Decodes a wait(2) status: low 7 bits are the signal, 0 for a normal exit.</summary>
    internal static CheckerResult FromWaitStatus(int status)
    {
        int signal = status & 0x7f;
        return signal == 0 ? new CheckerResult((status >> 8) & 0xff, null) : new CheckerResult(-1, signal);
    }
}
