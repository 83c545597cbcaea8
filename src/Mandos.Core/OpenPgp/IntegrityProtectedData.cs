using System.Security.Cryptography;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;

namespace Mandos.Core.OpenPgp;

/// <summary>
/// Decrypts a symmetrically encrypted integrity protected data packet (RFC 4880 5.13, version 1)
/// and checks its modification detection code before anything of the contents is used.
/// </summary>
internal static class IntegrityProtectedData
{
    private const int BlockSize = 16;
    private const int PrefixLength = BlockSize + 2;
    private const int MdcLength = 2 + 20; // packet header 0xD3 0x14, SHA-1

    /// <summary>The packets inside, verified. Throws <see cref="SecretDecryptionException"/>.</summary>
    public static byte[] Decrypt(SymmetricEncIntegrityPacket packet, SessionKey key) => Decrypt(ReadCiphertext(packet), key);

    /// <summary>
    /// The whole encrypted contents of <paramref name="packet"/>; throws <see cref="SecretDecryptionException"/>
    /// when it is of another version or cut short.
    /// </summary>
    public static byte[] ReadCiphertext(SymmetricEncIntegrityPacket packet)
    {
        if (packet.Version != SymmetricEncIntegrityPacket.Version1)
        {
            throw new SecretDecryptionException($"unsupported encrypted data packet version {packet.Version}");
        }
        try
        {
            return ReadAll(packet.GetInputStream());
        }
        catch (Exception e) when (e is not (SecretDecryptionException or OutOfMemoryException))
        {
            throw new SecretDecryptionException("the encrypted data is truncated or its packet lengths are corrupt", e);
        }
    }

    /// <summary>The packets inside <paramref name="ciphertext"/>, verified. Throws <see cref="SecretDecryptionException"/>.</summary>
    public static byte[] Decrypt(byte[] ciphertext, SessionKey key)
    {
        byte[] plain = Cfb(ciphertext, key.Key);
        try
        {
            CheckIntegrity(plain);
            return plain.AsSpan(PrefixLength, plain.Length - PrefixLength - MdcLength).ToArray();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    private static void CheckIntegrity(byte[] plain)
    {
        if (plain.Length < PrefixLength + MdcLength
            || plain[BlockSize - 2] != plain[BlockSize] || plain[BlockSize - 1] != plain[BlockSize + 1])
        {
            throw new SecretDecryptionException("the encrypted secret is corrupt or was tampered with");
        }
        int mdcAt = plain.Length - MdcLength;
        var sha1 = new Sha1Digest();
        sha1.BlockUpdate(plain, 0, mdcAt + 2); // everything up to and including the MDC packet header
        byte[] expected = new byte[sha1.GetDigestSize()];
        sha1.DoFinal(expected, 0);
        bool intact = plain[mdcAt] == 0xD3 && plain[mdcAt + 1] == 0x14
            && CryptographicOperations.FixedTimeEquals(expected, plain.AsSpan(mdcAt + 2));
        if (!intact)
        {
            throw new SecretDecryptionException("the encrypted secret failed its integrity check (modification detected)");
        }
    }

    // OpenPGP CFB with a zero IV and, for this packet type, no resynchronisation after the prefix.
    private static byte[] Cfb(byte[] ciphertext, byte[] key)
    {
        IBlockCipher aes = AesUtilities.CreateEngine();
        aes.Init(true, new KeyParameter(key));
        byte[] plain = new byte[ciphertext.Length];
        Span<byte> feedback = stackalloc byte[BlockSize];
        Span<byte> keystream = stackalloc byte[BlockSize];
        feedback.Clear();
        for (int at = 0; at < ciphertext.Length; at += BlockSize)
        {
            aes.ProcessBlock(feedback, keystream);
            int n = Math.Min(BlockSize, ciphertext.Length - at);
            for (int i = 0; i < n; i++)
            {
                plain[at + i] = (byte)(ciphertext[at + i] ^ keystream[i]);
            }
            if (n == BlockSize)
            {
                ciphertext.AsSpan(at, BlockSize).CopyTo(feedback);
            }
        }
        keystream.Clear();
        return plain;
    }

    private static byte[] ReadAll(Stream stream)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
