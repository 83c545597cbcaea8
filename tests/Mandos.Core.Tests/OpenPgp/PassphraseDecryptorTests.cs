using System.Text;
using Mandos.Core.OpenPgp;
using Xunit;

namespace Mandos.Core.Tests.OpenPgp;

/// <summary>
/// Data/*.gpg are real <c>gpg --symmetric</c> (GnuPG 2.2.40) output of Data/plain.bin with the
/// passphrase below ("mandos" and the lower-case hex of the octets 0 to 31, as upstream's server
/// makes it), e.g. <c>gpg --batch --pinentry-mode loopback --passphrase-file F --symmetric
/// --s2k-count 65011712 --s2k-digest-algo SHA256 --cipher-algo AES192</c>; the names tell the
/// options (salted-* is <c>--s2k-mode 1</c>, simple-* <c>--s2k-mode 0</c>, small-count-*
/// <c>--s2k-count 65536</c>, gpg's smallest).
/// </summary>
[Lane(Lane.Unit)]
public sealed class PassphraseDecryptorTests
{
    private static readonly string DataDirectory = Path.Combine(AppContext.BaseDirectory, "OpenPgp", "Data");

    private static readonly byte[] Passphrase = Encoding.ASCII.GetBytes("mandos" + Convert.ToHexStringLower([.. Enumerable.Range(0, 32).Select(i => (byte)i)]));

    private static byte[] Vector(string name) => File.ReadAllBytes(Path.Combine(DataDirectory, name));

    private static byte[] Plain => Vector("plain.bin");

    [Theory]
    [InlineData("sha1-aes.gpg")]
    [InlineData("sha1-aes192.gpg")]
    [InlineData("sha1-aes256.gpg")]
    [InlineData("sha256-aes.gpg")]
    [InlineData("sha256-aes192.gpg")]
    [InlineData("sha256-aes256.gpg")]
    [InlineData("sha384-aes256.gpg")]
    [InlineData("sha512-aes128.gpg")]
    [InlineData("salted-sha256-aes256.gpg")]
    [InlineData("small-count-sha1-aes256.gpg")]
    public void DecryptsWhatGpgWrote(string name) =>
        Assert.Equal(Plain, PassphraseDecryptor.Decrypt(Vector(name), Passphrase));

    [Fact]
    public void AWrongPassphraseFailsTheIntegrityCheck() =>
        Assert.Throws<SecretDecryptionException>(() => PassphraseDecryptor.Decrypt(Vector("small-count-sha1-aes256.gpg"), "mandos00"u8.ToArray()));

    [Fact]
    public void SimpleStringToKeyIsRefused()
    {
        var e = Assert.Throws<SecretDecryptionException>(() => PassphraseDecryptor.Decrypt(Vector("simple-sha1-aes256.gpg"), Passphrase));
        Assert.Contains("string-to-key type 0", e.Message);
    }

    // gpg's passphrase packet: 8C 0D (old format, 13 octets), version 4, cipher, S2K type, hash, 8 octets salt, count.
    private const int VersionAt = 2;
    private const int CipherAt = 3;
    private const int S2kTypeAt = 4;
    private const int HashAt = 5;

    [Theory]
    [InlineData(S2kTypeAt, 0)]
    [InlineData(S2kTypeAt, 2)]
    [InlineData(S2kTypeAt, 4)]
    [InlineData(S2kTypeAt, 77)]
    [InlineData(S2kTypeAt, 101)]
    [InlineData(HashAt, 1)]
    [InlineData(HashAt, 3)]
    [InlineData(HashAt, 11)]
    [InlineData(HashAt, 99)]
    [InlineData(CipherAt, 3)]
    [InlineData(CipherAt, 10)]
    [InlineData(CipherAt, 0)]
    [InlineData(VersionAt, 5)]
    [InlineData(VersionAt, 6)]
    [InlineData(VersionAt, 3)]
    public void OddParametersAreRefused(int at, byte value)
    {
        byte[] message = Vector("sha1-aes256.gpg");
        message[at] = value;

        Assert.Throws<SecretDecryptionException>(() => PassphraseDecryptor.Decrypt(message, Passphrase));
    }

    [Fact]
    public void AnArgon2PacketAskingForSixteenGibibytesIsRefused()
    {
        byte[] gpg = Vector("sha1-aes256.gpg");
        // Version 4, AES-256, S2K type 4 (Argon2): 16 octets salt, 1 pass, parallelism 1, 2^34 octets of memory.
        byte[] argon2 = [0x8C, 4 + 16 + 3, 4, 9, 4, .. new byte[16], 1, 1, 34];
        byte[] message = [.. argon2, .. gpg.AsSpan(15)];

        Assert.Throws<SecretDecryptionException>(() => PassphraseDecryptor.Decrypt(message, Passphrase));
    }

    [Fact]
    public void APassphrasePacketWithAnEncryptedSessionKeyIsRefused()
    {
        byte[] gpg = Vector("sha1-aes256.gpg");
        byte[] packet = [0x8C, 13 + 33, .. gpg.AsSpan(2, 13), .. new byte[33]];
        byte[] message = [.. packet, .. gpg.AsSpan(15)];

        var e = Assert.Throws<SecretDecryptionException>(() => PassphraseDecryptor.Decrypt(message, Passphrase));
        Assert.Contains("does not write", e.Message);
    }

    [Theory]
    [InlineData("sha1-aes256.gpg")]
    [InlineData("small-count-sha1-aes256.gpg")]
    public void EveryTruncationIsRefused(string name)
    {
        byte[] message = Vector(name);
        for (int length = 0; length < message.Length; length++)
        {
            Assert.Throws<SecretDecryptionException>(() => PassphraseDecryptor.Decrypt(message[..length], Passphrase));
        }
    }

    [Fact]
    public void RandomByteFlipsEitherDecryptOrAreRefused()
    {
        byte[] original = Vector("small-count-sha1-aes256.gpg");
        var random = new Random(14);
        for (int round = 0; round < 400; round++)
        {
            byte[] message = [.. original];
            int flips = 1 + random.Next(3);
            for (int i = 0; i < flips; i++)
            {
                message[random.Next(message.Length)] ^= (byte)(1 + random.Next(255));
            }
            if (message[15 - 1] == 0xFF && message[4] == 3)
            {
                message[15 - 1] = 96; // keep this test quick: never the largest count
            }
            try
            {
                Assert.Equal(Plain, PassphraseDecryptor.Decrypt(message, Passphrase));
            }
            catch (SecretDecryptionException)
            {
            }
        }
    }
}
