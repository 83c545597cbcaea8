namespace Mandos.Keygen;

/// <summary>
/// This host's SSH host key as the server's checker will see it: the ssh-keyscan key type asked
/// for, the "TYPE BASE64KEY" answer, and whether <c>-q</c> was needed to get it.
/// </summary>
internal sealed record SshHostKey(string KeyType, string Fingerprint, bool Quiet);
