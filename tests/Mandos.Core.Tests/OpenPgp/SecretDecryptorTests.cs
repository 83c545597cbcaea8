using System.Text;
using Mandos.Core.Keys;
using Mandos.Core.OpenPgp;
using Mandos.Testing.Files;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Security;
using Xunit;

namespace Mandos.Core.Tests.OpenPgp;

[Lane(Lane.Unit)]
public sealed class SecretDecryptorTests
{
    private static readonly byte[] Password = Encoding.ASCII.GetBytes("correct horse\n");

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(25)]
    [InlineData(60)]
    public void TamperedMessageIsRejected(int offsetFromEnd)
    {
        byte[] message = SmallKeys.EncryptorFor(SmallKeys.Client).Encrypt(Password);
        message[^offsetFromEnd] ^= 0x01;

        Assert.Throws<SecretDecryptionException>(() => SmallKeys.DecryptorFor(SmallKeys.Client).Decrypt(message));
    }

    [Fact]
    public void TamperedSessionKeyIsRejected()
    {
        byte[] message = SmallKeys.EncryptorFor(SmallKeys.Client).Encrypt(Password);
        message[40] ^= 0x01; // inside the RSA-encrypted session key

        var e = Assert.Throws<SecretDecryptionException>(() => SmallKeys.DecryptorFor(SmallKeys.Client).Decrypt(message));
        Assert.Contains("could not decrypt", e.Message);
    }

    [Fact]
    public void MessageForAnotherKeyIsRejected()
    {
        byte[] message = SmallKeys.EncryptorFor(SmallKeys.Stranger).Encrypt(Password);

        var e = Assert.Throws<SecretDecryptionException>(() => SmallKeys.DecryptorFor(SmallKeys.Client).Decrypt(message));
        Assert.Contains("not encrypted to any key in seckey.txt", e.Message);
    }

    [Fact]
    public void MessageWithoutModificationDetectionIsRejected()
    {
        byte[] message = MessageBuilder.PlainLiteral(Password, integrityProtected: false, SmallKeys.Client.PublicKeys);

        var e = Assert.Throws<SecretDecryptionException>(() => SmallKeys.DecryptorFor(SmallKeys.Client).Decrypt(message));
        Assert.Contains("not integrity protected", e.Message);
    }

    [Fact]
    public void UncompressedUnsignedMessageToSeveralRecipientsIsAccepted()
    {
        byte[] message = MessageBuilder.PlainLiteral(Password, integrityProtected: true,
            SmallKeys.Stranger.PublicKeys, SmallKeys.Client.PublicKeys);

        Assert.Equal(Password, SmallKeys.DecryptorFor(SmallKeys.Client).Decrypt(message));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void SecretInflatingBeyondTheLimitIsRejected(int layers)
    {
        // 64 MiB of zeros in a message of kilobytes: a compression bomb.
        byte[] message = MessageBuilder.CompressedZeros(64L << 20, layers, SmallKeys.Client.PublicKeys);
        Assert.True(message.Length < 1 << 20);

        var e = Assert.Throws<SecretDecryptionException>(() => SmallKeys.DecryptorFor(SmallKeys.Client).Decrypt(message));
        Assert.Equal("the encrypted secret decompresses to more than 8 MiB; refusing it", e.Message);
    }

    [Fact]
    public void CompressedSecretWithinTheLimitIsAccepted()
    {
        byte[] message = MessageBuilder.CompressedZeros(DecompressionLimit.MaxBytes - 4096, 1, SmallKeys.Client.PublicKeys);

        Assert.Equal(DecompressionLimit.MaxBytes - 4096, SmallKeys.DecryptorFor(SmallKeys.Client).Decrypt(message).Length);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 1, 2, 3, 4 })]
    [InlineData(new byte[] { 0x85, 0x01, 0x0c })]
    public void NonMessageIsRejected(byte[] garbage)
    {
        Assert.Throws<SecretDecryptionException>(() => SmallKeys.DecryptorFor(SmallKeys.Client).Decrypt(garbage));
    }

    [Fact]
    public void LoadsSecretKeysFromArmoredAndBinaryFiles()
    {
        using var dir = new TempDir(mode: TempDir.Private);
        File.WriteAllBytes(dir.File("armored"), SmallKeys.Client.EncodeArmoredSecretKeys());
        File.WriteAllBytes(dir.File("binary"), SmallKeys.Client.SecretKeys.GetEncoded());
        byte[] message = SmallKeys.EncryptorFor(SmallKeys.Client).Encrypt(Password);

        Assert.Equal(Password, SecretDecryptor.Load(dir.File("armored")).Decrypt(message));
        Assert.Equal(Password, SecretDecryptor.Load(dir.File("binary")).Decrypt(message));
    }

    [Theory]
    [InlineData("garbage\n", "not a valid OpenPGP secret key file")]
    [InlineData("", "no OpenPGP secret key found")]
    [InlineData("-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nAAAA\n-----END PGP PRIVATE KEY BLOCK-----\n", "")]
    public void MalformedSecretKeyFileIsNamedInTheError(string contents, string expected)
    {
        using var dir = new TempDir(mode: TempDir.Private);
        File.WriteAllText(dir.File("seckey.txt"), contents);

        var e = Assert.Throws<KeyFileException>(() => SecretDecryptor.Load(dir.File("seckey.txt")));
        Assert.StartsWith(dir.File("seckey.txt") + ": ", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void PublicKeyFileGivenAsSecretKeyFileIsRejected()
    {
        using var dir = new TempDir(mode: TempDir.Private);
        File.WriteAllBytes(dir.File("pubkey.txt"), SmallKeys.Client.EncodeArmoredPublicKeys());

        var e = Assert.Throws<KeyFileException>(() => SecretDecryptor.Load(dir.File("pubkey.txt")));
        Assert.Equal(dir.File("pubkey.txt"), e.FilePath);
    }

    [Fact]
    public void SecretKeyNotMatchingItsPublicKeyIsRefused()
    {
        var ourRing = new PgpSecretKeyRing(SmallKeys.Client.SecretKeys.GetEncoded());
        PgpPrivateKey ours = ourRing.GetSecretKey().ExtractPrivateKeyRaw(null);
        PgpPublicKey theirs = SmallKeys.Stranger.PublicKeys.GetPublicKey();
        var spliced = new PgpSecretKey(PgpSignature.PositiveCertification, PublicKeyAlgorithmTag.RsaGeneral,
            theirs.GetKey(), ours.Key, DateTime.UtcNow, "spliced", SymmetricKeyAlgorithmTag.Null, null, null, null,
            new SecureRandom());

        var e = Assert.Throws<PgpException>(() => LocalPrivateKey.Extract(spliced));
        Assert.Contains("does not match its public key", e.Message);
    }
}
