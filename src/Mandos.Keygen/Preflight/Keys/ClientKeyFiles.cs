using Mandos.Core.Keys;

namespace Mandos.Keygen.Preflight.Keys;

/// <summary>
/// The client's four key files as read for the test (name → contents), with the TLS key_id and
/// the OpenPGP fingerprint they carry; the contents are cleared on dispose.
/// </summary>
internal sealed class ClientKeyFiles(string directory, IReadOnlyDictionary<string, byte[]> files, string keyId, string fingerprint) : IDisposable
{
    public const string SecretKey = "seckey.txt";
    public const string PublicKey = "pubkey.txt";
    public const string TlsPrivateKey = "tls-privkey.pem";
    public const string TlsPublicKey = "tls-pubkey.pem";

    public static readonly string[] Names = [SecretKey, PublicKey, TlsPrivateKey, TlsPublicKey];

    /// <summary>The files that must be private (mode 0600 or narrower, owned by root).</summary>
    public static readonly string[] PrivateNames = [SecretKey, TlsPrivateKey];

    public string Directory { get; } = directory;

    public IReadOnlyDictionary<string, byte[]> Files { get; } = files;

    public string KeyId { get; } = keyId;

    public string Fingerprint { get; } = fingerprint;

    public void Dispose() => Clear(Files);

    /// <summary>Clears key files' contents (a set read only in part, that never became a <see cref="ClientKeyFiles"/>).</summary>
    public static void Clear(IReadOnlyDictionary<string, byte[]> files)
    {
        foreach (byte[] contents in files.Values)
        {
            PrivateFile.Clear(contents);
        }
    }
}
