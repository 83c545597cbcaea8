using System.Text;
using Mandos.Core.Errors;
using Mandos.Core.Keys;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Security;

namespace Mandos.Core.OpenPgp;

/// <summary>
/// Encrypts a client's password to the client's own key and signs it with that key, shaped as
/// <c>gpg --encrypt --sign</c> does: PKESK, SEIPD (AES-256, MDC) → ZLIB → one-pass signature,
/// literal data, signature (SHA-256).
/// </summary>
public sealed class SecretEncryptor
{
    public const string ArmorComment = "Encrypted password for a Mandos client";

    private readonly PgpPublicKey _recipient;
    private readonly PgpPrivateKey _signingKey;
    private readonly PgpPublicKey _primaryKey;

    /// <summary>
    /// Encrypts to the encryption subkey of <paramref name="publicKeys"/> and signs with the primary
    /// key of <paramref name="secretKeys"/>, which must be the same key. Throws <see cref="PgpException"/>.
    /// </summary>
    public SecretEncryptor(PgpPublicKeyRing publicKeys, PgpSecretKeyRing secretKeys)
    {
        _primaryKey = publicKeys.GetPublicKey();
        _recipient = EncryptionKeySelector.Select(publicKeys);
        PgpSecretKey signer = secretKeys.GetSecretKey();
        if (signer.KeyId != _primaryKey.KeyId)
        {
            throw new PgpException("the secret key does not belong to the public key");
        }
        _signingKey = LocalPrivateKey.Extract(signer);
    }

    /// <summary>The primary key's fingerprint, 40 upper-case hex digits (clients.conf <c>fingerprint</c>).</summary>
    public string Fingerprint => OpenPgpKeyFile.Fingerprint(_primaryKey);

    /// <summary>Reads <c>pubkey.txt</c> and <c>seckey.txt</c>; throws <see cref="KeyFileException"/> naming the faulty file.</summary>
    public static SecretEncryptor Load(string publicKeyPath, string secretKeyPath) =>
        Create(OpenPgpKeyFile.ReadPublicKeys(publicKeyPath), () => OpenPgpKeyFile.ReadSecretKeys(secretKeyPath), publicKeyPath, secretKeyPath);

    /// <summary>As <see cref="Load"/>, from both files' contents read elsewhere; the paths name them in errors.</summary>
    public static SecretEncryptor Parse(byte[] publicKey, byte[] secretKey, string publicKeyPath, string secretKeyPath) =>
        Create(OpenPgpKeyFile.ParsePublicKeys(publicKey, publicKeyPath), () => OpenPgpKeyFile.ParseSecretKeys(secretKey, secretKeyPath),
            publicKeyPath, secretKeyPath);

    private static SecretEncryptor Create(PgpPublicKeyRing publicKeys, Func<PgpSecretKeyRingBundle> secretKeyBundle, string publicKeyPath,
        string secretKeyPath)
    {
        try
        {
            _ = EncryptionKeySelector.Select(publicKeys);
        }
        catch (PgpException e)
        {
            throw new KeyFileException(publicKeyPath, ErrorText.Of(e), e);
        }
        PgpSecretKeyRing secretKeys = secretKeyBundle()
            .GetSecretKeyRing(publicKeys.GetPublicKey().KeyId)
            ?? throw new KeyFileException(secretKeyPath, $"does not hold the secret key of {publicKeyPath}");
        try
        {
            return new SecretEncryptor(publicKeys, secretKeys);
        }
        catch (PgpException e)
        {
            throw new KeyFileException(secretKeyPath, ErrorText.Of(e), e);
        }
    }

    /// <summary>The binary OpenPGP message, as the server sends it.</summary>
    public byte[] Encrypt(ReadOnlySpan<byte> secret)
    {
        var random = new SecureRandom();
        using var output = new MemoryStream();
        var encryption = new PgpEncryptedDataGenerator(SymmetricKeyAlgorithmTag.Aes256, true, random);
        encryption.AddMethod(_recipient);
        using (Stream encrypted = encryption.Open(output, new byte[1 << 12]))
        {
            var compression = new PgpCompressedDataGenerator(CompressionAlgorithmTag.ZLib);
            using Stream compressed = compression.Open(encrypted);
            WriteSignedLiteral(compressed, secret, random);
        }
        return output.ToArray();
    }

    /// <summary>The message armored as gpg --armor writes it, with the Mandos comment.</summary>
    public string EncryptArmored(ReadOnlySpan<byte> secret) =>
        Encoding.ASCII.GetString(Armor.Encode(Encrypt(secret), ArmorComment));

    private void WriteSignedLiteral(Stream output, ReadOnlySpan<byte> secret, SecureRandom random)
    {
        var signature = new PgpSignatureGenerator(_signingKey.PublicKeyPacket.Algorithm, HashAlgorithmTag.Sha256);
        signature.InitSign(PgpSignature.BinaryDocument, _signingKey, random);
        var hashed = new PgpSignatureSubpacketGenerator();
        hashed.SetIssuerFingerprint(false, _primaryKey);
        signature.SetHashedSubpackets(hashed.Generate());
        signature.GenerateOnePassVersion(false).Encode(output);
        var literal = new PgpLiteralDataGenerator();
        using (Stream data = literal.Open(output, PgpLiteralData.Binary, "", secret.Length, DateTime.UtcNow))
        {
            data.Write(secret);
        }
        signature.Update(secret);
        signature.Generate().Encode(output);
    }
}
