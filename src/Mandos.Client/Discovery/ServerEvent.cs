using Mandos.Client.Connection;

namespace Mandos.Client.Discovery;

/// <summary>A server became reachable (announced and resolved) or was withdrawn (goodbye).</summary>
public sealed record ServerEvent(ServerAddress Server, bool Found);
