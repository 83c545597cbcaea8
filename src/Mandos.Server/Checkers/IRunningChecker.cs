namespace Mandos.Server.Checkers;

/// <summary>One started checker: its shell's process id, which is also its process group id.</summary>
public interface IRunningChecker
{
    int ProcessId { get; }

    /// <summary>
    /// Completes when the shell has ended and been reaped; never faults. After <see cref="Kill"/> it
    /// completes too, with whatever the shell died of, once the grace before SIGKILL is over.
    /// </summary>
    Task<CheckerResult> Completion { get; }

    /// <summary>
    /// Kills the checker's whole process group (the shell and everything it started): SIGTERM, then
    /// SIGKILL after a short grace. Idempotent; does nothing once the checker has ended on its own.
    /// </summary>
    void Kill();
}
