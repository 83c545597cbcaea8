namespace Mandos.Keygen.Preflight.Network;

/// <summary>What happened with one server the probe asked.</summary>
internal enum ProbeOutcome
{
    /// <summary>Could not connect or complete the TLS handshake.</summary>
    Unreachable,

    /// <summary>Connected, but nothing came within the time allowed (waiting for approval?).</summary>
    Silent,

    /// <summary>Closed the connection without sending anything: it refuses this client.</summary>
    Refused,

    /// <summary>Sent data that does not decrypt with this client's OpenPGP key.</summary>
    Undecryptable,

    /// <summary>Sent this client's secret, and it decrypted.</summary>
    Secret,
}
