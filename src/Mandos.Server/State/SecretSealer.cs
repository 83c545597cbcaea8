using System.Diagnostics.CodeAnalysis;
using System.Text;
using Mandos.Core.Keys;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace Mandos.Server.State;

/// <summary>
/// Encrypts a run-time secret for the state file with a key derived from the client's
/// <c>clients.conf</c> secret, as upstream does with <c>gpg --symmetric</c>: whoever reads the
/// state file learns nothing without clients.conf, and when the configured secret changes the
/// stored one stops decrypting, so the configured one wins.
/// Layout: salt (16) | nonce (12) | AES-256-GCM ciphertext and tag (16); the client's name is
/// the associated data, so a sealed secret cannot be moved to another client.
/// </summary>
public static class SecretSealer
{
    private const int SaltSize = 16;
    private const int NonceSize = 12;
    private const int TagBits = 128;
    private const int KeySize = 32;
    private static readonly byte[] Info = "mandos state secret"u8.ToArray();
    private static readonly SecureRandom Random = KernelRandomGenerator.CreateSecureRandom();

    /// <summary>Null when the run-time secret is the configured one: then there is nothing to store.</summary>
    public static byte[]? SealIfChanged(string clientName, byte[] secret, byte[] configSecret) =>
        secret.AsSpan().SequenceEqual(configSecret) ? null : Seal(clientName, secret, configSecret);

    public static byte[] Seal(string clientName, byte[] secret, byte[] configSecret)
    {
        byte[] sealedSecret = new byte[SaltSize + NonceSize + secret.Length + (TagBits / 8)];
        // A fresh salt gives a fresh key per seal, so GCM's nonce limit per key never comes near.
        NextRandom(sealedSecret, 0, SaltSize + NonceSize);
        var cipher = CreateCipher(true, clientName, sealedSecret, configSecret);
        int written = cipher.ProcessBytes(secret, 0, secret.Length, sealedSecret, SaltSize + NonceSize);
        cipher.DoFinal(sealedSecret, SaltSize + NonceSize + written);
        return sealedSecret;
    }

    /// <summary>False when the data was sealed with another configured secret, for another client, or is damaged.</summary>
    public static bool TryOpen(
        string clientName, byte[] sealedSecret, byte[] configSecret, [NotNullWhen(true)] out byte[]? secret)
    {
        secret = null;
        int cipherLength = sealedSecret.Length - SaltSize - NonceSize;
        if (cipherLength < TagBits / 8)
        {
            return false;
        }

        var cipher = CreateCipher(false, clientName, sealedSecret, configSecret);
        byte[] plain = new byte[cipher.GetOutputSize(cipherLength)];
        try
        {
            int written = cipher.ProcessBytes(sealedSecret, SaltSize + NonceSize, cipherLength, plain, 0);
            cipher.DoFinal(plain, written);
        }
        catch (InvalidCipherTextException)
        {
            return false;
        }

        secret = plain;
        return true;
    }

    private static GcmBlockCipher CreateCipher(bool encrypt, string clientName, byte[] header, byte[] configSecret)
    {
        byte[] key = DeriveKey(configSecret, header.AsSpan(0, SaltSize).ToArray());
        byte[] nonce = header.AsSpan(SaltSize, NonceSize).ToArray();
        var cipher = new GcmBlockCipher(new AesEngine());
        cipher.Init(encrypt, new AeadParameters(new KeyParameter(key), TagBits, nonce, Encoding.UTF8.GetBytes(clientName)));
        return cipher;
    }

    private static byte[] DeriveKey(byte[] configSecret, byte[] salt)
    {
        var hkdf = new HkdfBytesGenerator(new Sha256Digest());
        hkdf.Init(new HkdfParameters(configSecret, salt, Info));
        byte[] key = new byte[KeySize];
        hkdf.GenerateBytes(key, 0, key.Length);
        return key;
    }

    // SecureRandom is not thread-safe; saves may come from several threads.
    private static void NextRandom(byte[] buffer, int offset, int length)
    {
        lock (Random)
        {
            Random.NextBytes(buffer, offset, length);
        }
    }
}
