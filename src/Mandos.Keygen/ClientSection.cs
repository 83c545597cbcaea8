namespace Mandos.Keygen;

/// <summary>What password mode prints: one client's section of the server's clients.conf.</summary>
internal sealed record ClientSection(
    string Name,
    string? KeyId,
    string Fingerprint,
    string ArmoredSecret,
    SshHostKey? SshHostKey);
