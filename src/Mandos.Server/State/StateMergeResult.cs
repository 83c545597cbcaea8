namespace Mandos.Server.State;

/// <summary>
/// The clients to run after a restart, in <c>clients.conf</c> order; the removal markers still
/// in force (to be saved again); warning lines (clients disabled by the restore rules); and
/// debug lines (a saved secret that no longer decrypts).
/// </summary>
public sealed record StateMergeResult(
    IReadOnlyList<RestoredClient> Clients,
    IReadOnlyList<RemovedClient> Removed,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<string> DebugNotes);
