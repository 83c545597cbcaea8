namespace Mandos.Server.State;

/// <summary>
/// The saved state as read at startup. A missing file gives a <see cref="Note"/>; an unusable
/// one gives no clients and one <see cref="Warning"/> line naming the file and the problem.
/// Either way the server starts from <c>clients.conf</c>.
/// </summary>
public sealed record StateLoadResult(
    IReadOnlyList<ClientState> Clients,
    IReadOnlyList<RemovedClient> Removed,
    string? Note = null,
    string? Warning = null)
{
    public static StateLoadResult Empty { get; } = new([], []);
}
