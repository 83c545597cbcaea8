using System.Security.Cryptography;
using System.Text;
using Mandos.Core.Keys;
using Mandos.Core.OpenPgp;
using Mandos.Testing.Files;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Xunit;

namespace Mandos.Core.Tests.OpenPgp;

[Lane(Lane.Unit)]
public sealed class SecretEncryptorTests
{
    public static TheoryData<byte[]> Secrets => new()
    {
        Encoding.ASCII.GetBytes("hunter2\n"),
        Array.Empty<byte>(),
        Enumerable.Range(0, 256).Select(i => (byte)i).ToArray(),
        new byte[100_000],
        RandomNumberGenerator.GetBytes(20_000), // incompressible: partial-length packets
    };

    [Theory]
    [MemberData(nameof(Secrets))]
    public void DecryptorRecoversExactlyTheEncryptedBytes(byte[] secret)
    {
        byte[] message = SmallKeys.EncryptorFor(SmallKeys.Client).Encrypt(secret);

        Assert.Equal(secret, SmallKeys.DecryptorFor(SmallKeys.Client).Decrypt(message));
    }

    [Fact]
    public void ArmoredMessageCarriesTheMandosCommentAndDecrypts()
    {
        string armored = SmallKeys.EncryptorFor(SmallKeys.Client).EncryptArmored("pw"u8);

        Assert.StartsWith("-----BEGIN PGP MESSAGE-----\nComment: Encrypted password for a Mandos client\n\n", armored);
        Assert.Equal("pw"u8.ToArray(), SmallKeys.DecryptorFor(SmallKeys.Client).Decrypt(Encoding.ASCII.GetBytes(armored)));
    }

    [Fact]
    public void MessageIsShapedAsGnuPgShapesASignedEncryptedMessage()
    {
        byte[] message = SmallKeys.EncryptorFor(SmallKeys.Client).Encrypt("pw"u8);
        PgpPublicKey subkey = SmallKeys.Client.PublicKeys.GetPublicKeys().Single(k => !k.IsMasterKey);
        PgpPublicKey primary = SmallKeys.Client.PublicKeys.GetPublicKey();

        var recipients = (PgpEncryptedDataList)new PgpObjectFactory(message).NextPgpObject();
        var encrypted = (PgpPublicKeyEncryptedData)recipients.GetEncryptedDataObjects().Single();
        Assert.Equal(subkey.KeyId, encrypted.KeyId);
        Assert.True(encrypted.IsIntegrityProtected());
        PgpPrivateKey key = SmallKeys.Client.SecretKeys.GetSecretKey(subkey.KeyId).ExtractPrivateKeyRaw(null);
        Assert.Equal(SymmetricKeyAlgorithmTag.Aes256, encrypted.GetSymmetricAlgorithm(key));

        var compressed = (PgpCompressedData)new PgpObjectFactory(encrypted.GetDataStream(key)).NextPgpObject();
        Assert.Equal(CompressionAlgorithmTag.ZLib, compressed.Algorithm);
        var inner = new PgpObjectFactory(compressed.GetDataStream());
        PgpOnePassSignature onePass = ((PgpOnePassSignatureList)inner.NextPgpObject())[0];
        var literal = (PgpLiteralData)inner.NextPgpObject();
        Assert.Equal(PgpLiteralData.Binary, literal.Format);
        Assert.Equal("", literal.FileName);
        byte[] data = ReadAll(literal.GetDataStream());
        PgpSignature signature = ((PgpSignatureList)inner.NextPgpObject())[0];

        Assert.Equal(primary.KeyId, onePass.KeyId);
        Assert.Equal(HashAlgorithmTag.Sha256, signature.HashAlgorithm);
        signature.InitVerify(primary);
        signature.Update(data);
        Assert.True(signature.Verify());
        Assert.True(encrypted.Verify());
    }

    [Fact]
    public void LoadNamesThePublicKeyFileWhenItIsMissing()
    {
        using var dir = new TempDir(mode: TempDir.Private);
        File.WriteAllBytes(dir.File("seckey.txt"), SmallKeys.Client.EncodeArmoredSecretKeys());

        var e = Assert.Throws<KeyFileException>(() => SecretEncryptor.Load(dir.File("pubkey.txt"), dir.File("seckey.txt")));
        Assert.Equal(dir.File("pubkey.txt"), e.FilePath);
    }

    [Fact]
    public void LoadRefusesASecretKeyOfAnotherClient()
    {
        using var dir = new TempDir(mode: TempDir.Private);
        File.WriteAllBytes(dir.File("pubkey.txt"), SmallKeys.Client.EncodeArmoredPublicKeys());
        File.WriteAllBytes(dir.File("seckey.txt"), SmallKeys.Stranger.EncodeArmoredSecretKeys());

        var e = Assert.Throws<KeyFileException>(() => SecretEncryptor.Load(dir.File("pubkey.txt"), dir.File("seckey.txt")));
        Assert.Equal(dir.File("seckey.txt"), e.FilePath);
    }

    private static byte[] ReadAll(Stream stream)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
