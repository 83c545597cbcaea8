using System.Security.Cryptography;
using Org.BouncyCastle.Bcpg;

namespace Mandos.Core.OpenPgp;

/// <summary>
/// OpenPGP's string-to-key derivation (RFC 4880 3.7) for the kinds <c>gpg --symmetric</c> writes:
/// salted (type 1) and iterated and salted (type 3) with SHA-1 or SHA-2, for an AES key.
/// </summary>
/// <remarks>
/// Type 3 hashes salt||passphrase repeated until <c>count</c> octets (truncated, but at least one
/// whole salt||passphrase); type 1 hashes salt||passphrase once. A key longer than the hash
/// output takes more hash contexts over the same data, the n-th preloaded with n zero octets,
/// their outputs concatenated. Debian's gpg uses the largest count, 65011712 octets, so the data
/// is fed in large chunks to the platform's (OpenSSL's) hash functions: that is several times
/// faster than BouncyCastle's managed digests, which matters when the server derives one key per
/// client before it is ready. Everything is checked before anything is hashed: a hostile packet
/// cannot ask for Argon2's gigabytes of memory or another unexpected algorithm.
/// </remarks>
internal static class StringToKey
{
    /// <summary>The largest count type 3 can encode: (16 + 15) &lt;&lt; (15 + 6).</summary>
    public const long MaxCount = 65011712;

    private const int SaltLength = 8;
    private const int ChunkTarget = 1 << 16;

    /// <summary>Refuses, with one sentence, what this class does not derive. Throws <see cref="SecretDecryptionException"/>.</summary>
    public static void Check(S2k s2k, SymmetricKeyAlgorithmTag algorithm)
    {
        _ = KeyLength(algorithm);
        if (s2k.Type is not (S2k.Salted or S2k.SaltedAndIterated))
        {
            throw new SecretDecryptionException(
                $"the passphrase packet uses string-to-key type {s2k.Type}; only the salted (1) and iterated and salted (3) types gpg writes are supported");
        }
        _ = HashName(s2k.HashAlgorithm);
        if (s2k.GetIV() is not { Length: SaltLength })
        {
            throw new SecretDecryptionException("the passphrase packet's string-to-key salt is not 8 octets long");
        }
        if (s2k.Type == S2k.SaltedAndIterated && s2k.IterationCount is < 1 or > MaxCount)
        {
            throw new SecretDecryptionException($"the passphrase packet's string-to-key count {s2k.IterationCount} is out of range");
        }
    }

    /// <summary>
    /// The key for <paramref name="algorithm"/> derived from <paramref name="passphrase"/>; the caller
    /// clears it. Throws <see cref="SecretDecryptionException"/> for what <see cref="Check"/> refuses.
    /// </summary>
    public static byte[] Derive(S2k s2k, SymmetricKeyAlgorithmTag algorithm, ReadOnlySpan<byte> passphrase)
    {
        Check(s2k, algorithm);
        byte[] salt = s2k.GetIV();
        int unit = SaltLength + passphrase.Length;
        long count = s2k.Type == S2k.SaltedAndIterated ? Math.Max(s2k.IterationCount, unit) : unit;
        // salt||passphrase repeated to about ChunkTarget octets, and never beyond the count.
        int repeats = (int)Math.Min(Math.Max(ChunkTarget / unit, 1), count / unit);
        byte[] chunk = GC.AllocateArray<byte>(repeats * unit, pinned: true);
        int keyLength = KeyLength(algorithm);
        HashAlgorithmName hashName = HashName(s2k.HashAlgorithm);
        byte[] key = new byte[keyLength];
        try
        {
            for (int i = 0; i < repeats; i++)
            {
                salt.CopyTo(chunk, i * unit);
                passphrase.CopyTo(chunk.AsSpan((i * unit) + SaltLength));
            }
            for (int filled = 0, context = 0; filled < keyLength; context++)
            {
                filled += HashInto(hashName, context, chunk, count, key.AsSpan(filled));
            }
            return key;
        }
        catch
        {
            CryptographicOperations.ZeroMemory(key);
            throw;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(chunk);
        }
    }

    // One hash context: `zeros` zero octets, then `count` octets of the repeated chunk.
    // Writes as much of its output as fits into `output` and returns how much that was.
    private static int HashInto(HashAlgorithmName hashName, int zeros, byte[] chunk, long count, Span<byte> output)
    {
        using IncrementalHash hash = IncrementalHash.CreateHash(hashName);
        Span<byte> digest = stackalloc byte[64];
        try
        {
            if (zeros > 0)
            {
                hash.AppendData(new byte[zeros]);
            }
            for (long left = count; left > 0;)
            {
                int n = (int)Math.Min(left, chunk.Length);
                hash.AppendData(chunk, 0, n);
                left -= n;
            }
            int size = hash.GetHashAndReset(digest);
            int used = Math.Min(size, output.Length);
            digest[..used].CopyTo(output);
            return used;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(digest);
        }
    }

    private static HashAlgorithmName HashName(HashAlgorithmTag algorithm) => algorithm switch
    {
        HashAlgorithmTag.Sha1 => HashAlgorithmName.SHA1,
        HashAlgorithmTag.Sha256 => HashAlgorithmName.SHA256,
        HashAlgorithmTag.Sha384 => HashAlgorithmName.SHA384,
        HashAlgorithmTag.Sha512 => HashAlgorithmName.SHA512,
        _ => throw new SecretDecryptionException(
            $"the passphrase packet's string-to-key uses hash algorithm {algorithm}; only SHA-1, SHA-256, SHA-384 and SHA-512 are supported"),
    };

    // gpg encrypts with AES by default; other ciphers are refused, as for public-key encrypted secrets.
    private static int KeyLength(SymmetricKeyAlgorithmTag algorithm) => algorithm switch
    {
        SymmetricKeyAlgorithmTag.Aes128 => 16,
        SymmetricKeyAlgorithmTag.Aes192 => 24,
        SymmetricKeyAlgorithmTag.Aes256 => 32,
        _ => throw new SecretDecryptionException($"the secret is encrypted with cipher {algorithm}; only AES is supported"),
    };
}
