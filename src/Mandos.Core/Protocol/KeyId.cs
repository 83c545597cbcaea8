using Org.BouncyCastle.Crypto.Digests;

namespace Mandos.Core.Protocol;

/// <summary>
/// A client's identity: upper-case hex SHA-256 of the DER SubjectPublicKeyInfo of its TLS raw
/// public key (what GnuTLS's <c>gnutls_pubkey_get_key_id(SHA256)</c> gives).
/// </summary>
public static class KeyId
{
    /// <summary>SHA-256 of nothing, which buggy 1.8.0 clients reported; never matched to a client.</summary>
    public const string OfEmptyKey = "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855";

    // BouncyCastle rather than System.Security.Cryptography: the latter loads OpenSSL, which an
    // initramfs does not have.
    public static string FromSubjectPublicKeyInfo(ReadOnlySpan<byte> spkiDer)
    {
        var sha256 = new Sha256Digest();
        sha256.BlockUpdate(spkiDer);
        Span<byte> hash = stackalloc byte[32];
        sha256.DoFinal(hash);
        return Convert.ToHexString(hash);
    }
}
