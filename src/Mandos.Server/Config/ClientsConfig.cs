namespace Mandos.Server.Config;

/// <summary>
/// The result of reading <c>clients.conf</c>: the usable clients in file order, and one line
/// per problem found (skipped sections, a missing file), for the caller to log as warnings.
/// </summary>
public sealed record ClientsConfig(IReadOnlyList<ClientSection> Clients, IReadOnlyList<string> Warnings);
