using Mandos.Server.Config;

namespace Mandos.Server.State;

/// <summary>One client to run after a restart: its section, its merged state, and the secret to send.</summary>
public sealed record RestoredClient(ClientSection Section, ClientState State, byte[] Secret);
