namespace Mandos.Server.Listener;

/// <summary>
/// How far a connection has come. Only connections still <see cref="AwaitingVersion"/> or
/// <see cref="Handshaking"/> may be closed to make room: anyone can get that far, while an
/// <see cref="Identified"/> connection belongs to a known client (perhaps waiting for approval).
/// </summary>
public enum ConnectionPhase
{
    AwaitingVersion,
    Handshaking,
    Identified,
}
