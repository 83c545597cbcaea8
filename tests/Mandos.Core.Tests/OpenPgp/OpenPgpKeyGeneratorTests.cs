using System.Text;
using Mandos.Core.OpenPgp;
using Mandos.Testing.Files;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Xunit;

namespace Mandos.Core.Tests.OpenPgp;

[Lane(Lane.Unit)]
public sealed class OpenPgpKeyGeneratorTests
{
    [Theory]
    [InlineData("", "", "host", "Mandos client key for host")]
    [InlineData("a comment", "", "host (a comment)", "Mandos client key for host (a comment)")]
    [InlineData("", "root@host", "host <root@host>", "Mandos client key for host <root@host>")]
    [InlineData("c", "e@x", "host (c) <e@x>", "Mandos client key for host (c) <e@x>")]
    public void UserIdAndArmorCommentLeaveOutEmptyParts(string comment, string email, string userId, string armorComment)
    {
        var parameters = new OpenPgpKeyParameters("host") { Comment = comment, Email = email };
        Assert.Equal(userId, parameters.UserId);
        Assert.Equal(armorComment, parameters.ArmorComment);
    }

    [Fact]
    public void PrimaryKeyCertifiesSignsAndAuthenticates()
    {
        PgpPublicKey primary = SmallKeys.Client.PublicKeys.GetPublicKey();
        PgpSignature selfSignature = primary.GetSignaturesForId("test-client").Single();

        Assert.True(primary.IsMasterKey);
        Assert.Equal(PublicKeyAlgorithmTag.RsaGeneral, primary.Algorithm);
        Assert.Equal(1024, primary.BitStrength);
        Assert.Equal(PgpSignature.PositiveCertification, selfSignature.SignatureType);
        Assert.Equal(HashAlgorithmTag.Sha256, selfSignature.HashAlgorithm);
        Assert.Equal(0x23, selfSignature.GetHashedSubPackets().GetKeyFlags());
        Assert.True(selfSignature.GetHashedSubPackets().GetFeatures().SupportsModificationDetection);
        selfSignature.InitVerify(primary);
        Assert.True(selfSignature.VerifyCertification("test-client", primary));
    }

    [Fact]
    public void SubkeyEncryptsAndIsBoundToThePrimary()
    {
        PgpPublicKey primary = SmallKeys.Client.PublicKeys.GetPublicKey();
        PgpPublicKey subkey = SmallKeys.Client.PublicKeys.GetPublicKeys().Single(k => !k.IsMasterKey);
        PgpSignature binding = subkey.GetSignaturesOfType(PgpSignature.SubkeyBinding).Single();

        Assert.True(subkey.IsEncryptionKey);
        Assert.Equal(0x0C, binding.GetHashedSubPackets().GetKeyFlags());
        Assert.Equal(HashAlgorithmTag.Sha256, binding.HashAlgorithm);
        binding.InitVerify(primary);
        Assert.True(binding.VerifyCertification(primary, subkey));
    }

    [Fact]
    public void SecretKeysHaveNoPassphrase()
    {
        Assert.All(SmallKeys.Client.SecretKeys.GetSecretKeys(), key =>
        {
            Assert.Equal(0, key.S2kUsage);
            Assert.Equal(SymmetricKeyAlgorithmTag.Null, key.KeyEncryptionAlgorithm);
        });
    }

    [Fact]
    public void LifetimeAppliesToBothKeys()
    {
        OpenPgpKeySet keys = SmallKeys.Generate("expiring", TimeSpan.FromDays(30));

        Assert.All(keys.PublicKeys.GetPublicKeys(), key => Assert.Equal(30 * 86400, key.GetValidSeconds()));
        Assert.All(SmallKeys.Client.PublicKeys.GetPublicKeys(), key => Assert.Equal(0, key.GetValidSeconds()));
    }

    [Fact]
    public void ExportedFilesAreArmoredWithTheMandosComment()
    {
        string secret = Encoding.ASCII.GetString(SmallKeys.Client.EncodeArmoredSecretKeys());
        string pub = Encoding.ASCII.GetString(SmallKeys.Client.EncodeArmoredPublicKeys());

        Assert.StartsWith("-----BEGIN PGP PRIVATE KEY BLOCK-----\nComment: Mandos client key for test-client\n\n", secret);
        Assert.StartsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----\nComment: Mandos client key for test-client\n\n", pub);
        Assert.DoesNotContain("Version:", secret);
        Assert.Contains("\n=", secret); // the CRC-24 line gpg also writes
    }

    [Fact]
    public void ExportedFilesReadBackWithTheSameFingerprint()
    {
        using var dir = new TempDir(mode: TempDir.Private);
        File.WriteAllBytes(dir.File("seckey.txt"), SmallKeys.Client.EncodeArmoredSecretKeys());
        File.WriteAllBytes(dir.File("pubkey.txt"), SmallKeys.Client.EncodeArmoredPublicKeys());

        PgpSecretKeyRingBundle secret = OpenPgpKeyFile.ReadSecretKeys(dir.File("seckey.txt"));
        PgpPublicKeyRing pub = OpenPgpKeyFile.ReadPublicKeys(dir.File("pubkey.txt"));

        Assert.Matches("^[0-9A-F]{40}$", SmallKeys.Client.Fingerprint);
        Assert.Equal(SmallKeys.Client.Fingerprint, OpenPgpKeyFile.Fingerprint(pub.GetPublicKey()));
        Assert.Equal(SmallKeys.Client.Fingerprint, OpenPgpKeyFile.Fingerprint(secret.GetKeyRings().Single().GetPublicKey()));
    }
}
