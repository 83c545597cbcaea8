using Mandos.Core.Keys;
using Mandos.Core.OpenPgp;
using Mandos.Core.Protocol;

namespace Mandos.Keygen.Preflight.Initramfs;

/// <summary>
/// How a key set is told apart from another in a message: the TLS key_id the server matches
/// (from tls-pubkey.pem) and the OpenPGP fingerprint (from pubkey.txt). Only public keys are read.
/// </summary>
internal static class KeyIdentity
{
    /// <summary>The key_id of tls-pubkey.pem contents, or null when they hold no Ed25519 public key.</summary>
    public static string? TlsKeyId(byte[]? pem, string source)
    {
        if (pem is null)
        {
            return null;
        }
        try
        {
            return KeyId.FromSubjectPublicKeyInfo(TlsKeyPair.ParseSubjectPublicKeyInfo(pem, source));
        }
        catch (KeyFileException)
        {
            return null;
        }
    }

    /// <summary>The fingerprint of pubkey.txt contents' first key, or null when they hold none.</summary>
    public static string? OpenPgpFingerprint(byte[]? data, string source)
    {
        if (data is null)
        {
            return null;
        }
        try
        {
            return OpenPgpKeyFile.Fingerprint(OpenPgpKeyFile.ParsePublicKeys(data, source).GetPublicKey());
        }
        catch (KeyFileException)
        {
            return null;
        }
    }
}
