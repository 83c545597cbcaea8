namespace Mandos.Server.Listener;

/// <summary>
/// What a <see cref="ConnectionTable"/> decided for a new connection: admitted (perhaps in place
/// of <see cref="Shed"/>, which the caller must <see cref="OpenConnection.Close"/>) or refused
/// (<see cref="Connection"/> null); <see cref="Warning"/> is a line to log, already rate-limited.
/// </summary>
public readonly record struct Admission(OpenConnection? Connection, OpenConnection? Shed, string? Warning)
{
    public bool Admitted => Connection is not null;
}
