using Mandos.Server.Config;

namespace Mandos.Server.State;

/// <summary>
/// A client removed at run time (D-Bus <c>RemoveClient</c>) while its section stayed in
/// <c>clients.conf</c>. Upstream keeps such a client removed across restarts; we do too, as long
/// as its section still holds <see cref="Config"/>. Editing the section brings it back.
/// </summary>
public sealed record RemovedClient(string Name, ClientSettings Config);
