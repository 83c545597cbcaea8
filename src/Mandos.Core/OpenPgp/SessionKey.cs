using System.Security.Cryptography;
using Org.BouncyCastle.Bcpg;

namespace Mandos.Core.OpenPgp;

/// <summary>The symmetric key of one message, as recovered from a public-key encrypted session key packet or derived from a passphrase.</summary>
internal sealed class SessionKey : IDisposable
{
    private SessionKey(SymmetricKeyAlgorithmTag algorithm, byte[] key)
    {
        Algorithm = algorithm;
        Key = key;
    }

    public SymmetricKeyAlgorithmTag Algorithm { get; }

    public byte[] Key { get; }

    /// <summary>
    /// Reads RFC 4880 5.1's decrypted form: algorithm octet, key, two-octet checksum (sum of the
    /// key octets). Null when it does not hold together, i.e. it was not decrypted with the right key.
    /// </summary>
    public static SessionKey? Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length < 3)
        {
            return null;
        }
        var algorithm = (SymmetricKeyAlgorithmTag)data[0];
        int keyLength = KeyLength(algorithm);
        if (data.Length != 1 + keyLength + 2)
        {
            return null;
        }
        ReadOnlySpan<byte> key = data.Slice(1, keyLength);
        int sum = 0;
        foreach (byte b in key)
        {
            sum += b;
        }
        return (sum & 0xFFFF) == (data[^2] << 8 | data[^1]) ? new SessionKey(algorithm, key.ToArray()) : null;
    }

    /// <summary>
    /// A key derived directly from a passphrase (RFC 4880 5.3, a symmetric-key encrypted session
    /// key packet with no encrypted session key): the packet's algorithm and the S2K output.
    /// Clears <paramref name="key"/> when it refuses it.
    /// </summary>
    public static SessionKey FromPassphraseKey(SymmetricKeyAlgorithmTag algorithm, byte[] key)
    {
        int expected;
        try
        {
            expected = KeyLength(algorithm);
        }
        catch (SecretDecryptionException)
        {
            CryptographicOperations.ZeroMemory(key);
            throw;
        }
        if (key.Length != expected)
        {
            CryptographicOperations.ZeroMemory(key);
            throw new SecretDecryptionException($"the passphrase key is {key.Length} bytes long, not what {algorithm} needs");
        }
        return new SessionKey(algorithm, key);
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(Key);

    // gpg encrypts to a Mandos key with AES (its preferences ask for it); other ciphers are refused.
    private static int KeyLength(SymmetricKeyAlgorithmTag algorithm) => algorithm switch
    {
        SymmetricKeyAlgorithmTag.Aes128 => 16,
        SymmetricKeyAlgorithmTag.Aes192 => 24,
        SymmetricKeyAlgorithmTag.Aes256 => 32,
        _ => throw new SecretDecryptionException($"the secret is encrypted with cipher {algorithm}; only AES is supported"),
    };
}
