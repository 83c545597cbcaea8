using System.Security.Cryptography;
using Mandos.Core.OpenPgp;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Xunit;

namespace Mandos.Core.Tests.OpenPgp;

[Lane(Lane.Unit)]
public sealed class StringToKeyTests
{
    private static readonly byte[] Salt = [0x7E, 0xC3, 0x09, 0x53, 0x52, 0x82, 0xE5, 0x60];

    private static byte[] Passphrase(int length)
    {
        byte[] passphrase = new byte[length];
        for (int i = 0; i < length; i++)
        {
            passphrase[i] = (byte)('0' + (i * 7 % 75));
        }
        return passphrase;
    }

    // Coded counts: 0 is 1024 octets, 96 is 65536, 255 is the largest (65011712), which Debian's gpg uses.
    [Theory]
    [InlineData(HashAlgorithmTag.Sha1, SymmetricKeyAlgorithmTag.Aes128, 0, 70)]
    [InlineData(HashAlgorithmTag.Sha1, SymmetricKeyAlgorithmTag.Aes192, 96, 70)]
    [InlineData(HashAlgorithmTag.Sha1, SymmetricKeyAlgorithmTag.Aes256, 255, 70)]
    [InlineData(HashAlgorithmTag.Sha256, SymmetricKeyAlgorithmTag.Aes256, 255, 70)]
    [InlineData(HashAlgorithmTag.Sha256, SymmetricKeyAlgorithmTag.Aes128, 96, 0)]
    [InlineData(HashAlgorithmTag.Sha384, SymmetricKeyAlgorithmTag.Aes192, 100, 1)]
    [InlineData(HashAlgorithmTag.Sha512, SymmetricKeyAlgorithmTag.Aes256, 97, 1100)]
    [InlineData(HashAlgorithmTag.Sha1, SymmetricKeyAlgorithmTag.Aes256, 0, 2000)] // count below one salt||passphrase
    [InlineData(HashAlgorithmTag.Sha1, SymmetricKeyAlgorithmTag.Aes256, 1, 100000)] // salt||passphrase beyond one chunk
    public void IteratedAndSaltedMatchesBouncyCastle(HashAlgorithmTag hash, SymmetricKeyAlgorithmTag cipher, int codedCount, int passphraseLength)
    {
        var s2k = new S2k(hash, Salt, codedCount);
        byte[] passphrase = Passphrase(passphraseLength);

        byte[] expected = PgpUtilities.MakeKeyFromPassPhraseRaw(cipher, s2k, passphrase).GetKey();

        Assert.Equal(expected, StringToKey.Derive(s2k, cipher, passphrase));
    }

    [Theory]
    [InlineData(HashAlgorithmTag.Sha1, SymmetricKeyAlgorithmTag.Aes256, 20)]
    [InlineData(HashAlgorithmTag.Sha256, SymmetricKeyAlgorithmTag.Aes192, 0)]
    [InlineData(HashAlgorithmTag.Sha512, SymmetricKeyAlgorithmTag.Aes128, 300)]
    public void SaltedMatchesBouncyCastle(HashAlgorithmTag hash, SymmetricKeyAlgorithmTag cipher, int passphraseLength)
    {
        var s2k = new S2k(hash, Salt);
        byte[] passphrase = Passphrase(passphraseLength);

        byte[] expected = PgpUtilities.MakeKeyFromPassPhraseRaw(cipher, s2k, passphrase).GetKey();

        Assert.Equal(expected, StringToKey.Derive(s2k, cipher, passphrase));
    }

    [Fact]
    public void SimpleIsRefused()
    {
        var e = Assert.Throws<SecretDecryptionException>(() =>
            StringToKey.Derive(new S2k(HashAlgorithmTag.Sha1), SymmetricKeyAlgorithmTag.Aes256, Passphrase(10)));
        Assert.Contains("type 0", e.Message);
    }

    [Theory]
    [InlineData(HashAlgorithmTag.MD5)]
    [InlineData(HashAlgorithmTag.RipeMD160)]
    [InlineData(HashAlgorithmTag.Sha224)]
    [InlineData(HashAlgorithmTag.Sha3_256)]
    public void OtherHashesAreRefused(HashAlgorithmTag hash)
    {
        var e = Assert.Throws<SecretDecryptionException>(() =>
            StringToKey.Derive(new S2k(hash, Salt, 96), SymmetricKeyAlgorithmTag.Aes256, Passphrase(10)));
        Assert.Contains("hash algorithm", e.Message);
    }

    [Theory]
    [InlineData(SymmetricKeyAlgorithmTag.Cast5)]
    [InlineData(SymmetricKeyAlgorithmTag.Twofish)]
    [InlineData(SymmetricKeyAlgorithmTag.Camellia256)]
    [InlineData(SymmetricKeyAlgorithmTag.Null)]
    public void OtherCiphersAreRefused(SymmetricKeyAlgorithmTag cipher)
    {
        var e = Assert.Throws<SecretDecryptionException>(() =>
            StringToKey.Derive(new S2k(HashAlgorithmTag.Sha256, Salt, 96), cipher, Passphrase(10)));
        Assert.Contains("only AES", e.Message);
    }

    [Fact]
    public void ARefusedPassphraseKeyIsCleared()
    {
        byte[] key = [.. Enumerable.Repeat((byte)0xAA, 20)];

        Assert.Throws<SecretDecryptionException>(() => SessionKey.FromPassphraseKey(SymmetricKeyAlgorithmTag.Aes256, key));

        Assert.All(key, b => Assert.Equal(0, b));
    }

    [Fact]
    public void AKeyForAnotherCipherIsCleared()
    {
        byte[] key = [.. Enumerable.Repeat((byte)0xAA, 16)];

        Assert.Throws<SecretDecryptionException>(() => SessionKey.FromPassphraseKey(SymmetricKeyAlgorithmTag.Cast5, key));

        Assert.True(CryptographicOperations.FixedTimeEquals(new byte[16], key));
    }
}
