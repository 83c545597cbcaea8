namespace Mandos.Server.Clients;

/// <summary>
/// One client the server knows: its name, key_id and secret, and whether it may get the secret
/// now. The lifecycle (checkers, timeouts, approval) grows around this record.
/// </summary>
public sealed class ClientRecord(string name, string? keyId, string? fingerprint, byte[] secret, bool enabled)
{
    public string Name { get; } = name;

    /// <summary>Normalised (upper-case) key_id, or null when the client has only a fingerprint.</summary>
    public string? KeyId { get; } = keyId;

    /// <summary>Legacy OpenPGP fingerprint, shown but never matched on the wire.</summary>
    public string? Fingerprint { get; } = fingerprint;

    /// <summary>The OpenPGP blob sent verbatim after the handshake; never logged.</summary>
    public byte[] Secret { get; } = secret;

    public bool Enabled { get; set; } = enabled;
}
