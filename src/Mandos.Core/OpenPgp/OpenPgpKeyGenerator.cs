using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;

namespace Mandos.Core.OpenPgp;

/// <summary>
/// Makes a client key the way mandos-keygen's gpg batch does: an RSA primary key for
/// certification, signing and authentication, an RSA subkey for encryption, one user id, no
/// passphrase, SHA-256 self-signatures.
/// </summary>
public static class OpenPgpKeyGenerator
{
    private const int CanAuthenticate = 0x20; // RFC 4880 5.2.3.21; BouncyCastle has no name for it
    private const int PrimaryKeyFlags = PgpKeyFlags.CanCertify | PgpKeyFlags.CanSign | CanAuthenticate;
    private const int SubkeyFlags = PgpKeyFlags.CanEncryptCommunications | PgpKeyFlags.CanEncryptStorage;

    public static OpenPgpKeySet Generate(OpenPgpKeyParameters parameters, DateTime? creationTime = null)
    {
        DateTime created = TruncateToSeconds(creationTime ?? DateTime.UtcNow);
        // Each RSA-4096 key takes seconds of prime search in BouncyCastle: find both at once.
        Task<AsymmetricCipherKeyPair> primaryTask = Task.Run(() => GenerateRsa(parameters.PrimaryKeyBits));
        Task<AsymmetricCipherKeyPair> subkeyTask = Task.Run(() => GenerateRsa(parameters.SubkeyBits));
        var primary = new PgpKeyPair(PublicKeyAlgorithmTag.RsaGeneral, primaryTask.GetAwaiter().GetResult(), created);
        var subkey = new PgpKeyPair(PublicKeyAlgorithmTag.RsaGeneral, subkeyTask.GetAwaiter().GetResult(), created);

        var rings = new PgpKeyRingGenerator(
            PgpSignature.PositiveCertification, primary, parameters.UserId,
            SymmetricKeyAlgorithmTag.Null, HashAlgorithmTag.Sha256, rawPassPhrase: null,
            useSha1: false, // S2K usage 0 (no passphrase) requires the two-octet checksum
            PrimarySubpackets(primary.PublicKey, parameters.Lifetime), null, new SecureRandom());
        rings.AddSubKey(subkey, SubkeySubpackets(primary.PublicKey, parameters.Lifetime), null, HashAlgorithmTag.Sha256);
        return new OpenPgpKeySet(rings.GenerateSecretKeyRing(), rings.GeneratePublicKeyRing(), parameters.ArmorComment);
    }

    private static AsymmetricCipherKeyPair GenerateRsa(int bits)
    {
        var generator = new RsaKeyPairGenerator();
        generator.Init(new RsaKeyGenerationParameters(BigInteger.ValueOf(65537), new SecureRandom(), bits, 100));
        return generator.GenerateKeyPair();
    }

    private static PgpSignatureSubpacketVector PrimarySubpackets(PgpPublicKey primary, TimeSpan? lifetime)
    {
        var packets = CommonSubpackets(primary, lifetime);
        packets.SetKeyFlags(false, PrimaryKeyFlags);
        packets.SetPreferredSymmetricAlgorithms(false,
            [(int)SymmetricKeyAlgorithmTag.Aes256, (int)SymmetricKeyAlgorithmTag.Aes192, (int)SymmetricKeyAlgorithmTag.Aes128]);
        packets.SetPreferredHashAlgorithms(false,
            [(int)HashAlgorithmTag.Sha256, (int)HashAlgorithmTag.Sha512, (int)HashAlgorithmTag.Sha384]);
        packets.SetPreferredCompressionAlgorithms(false,
            [(int)CompressionAlgorithmTag.ZLib, (int)CompressionAlgorithmTag.Zip]);
        // Tells senders (gpg) this key's owner handles the modification detection code.
        packets.SetFeature(false, Org.BouncyCastle.Bcpg.Sig.Features.FEATURE_MODIFICATION_DETECTION);
        return packets.Generate();
    }

    private static PgpSignatureSubpacketVector SubkeySubpackets(PgpPublicKey primary, TimeSpan? lifetime)
    {
        var packets = CommonSubpackets(primary, lifetime);
        packets.SetKeyFlags(false, SubkeyFlags);
        return packets.Generate();
    }

    private static PgpSignatureSubpacketGenerator CommonSubpackets(PgpPublicKey primary, TimeSpan? lifetime)
    {
        var packets = new PgpSignatureSubpacketGenerator();
        packets.SetIssuerFingerprint(false, primary);
        if (lifetime is TimeSpan span)
        {
            packets.SetKeyExpirationTime(false, (long)span.TotalSeconds);
        }
        return packets;
    }

    private static DateTime TruncateToSeconds(DateTime time)
    {
        DateTime utc = time.ToUniversalTime();
        return new DateTime(utc.Ticks - utc.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
    }
}
