using System.Security.Cryptography;
using Mandos.Core.Keys;
using Mandos.Testing.Files;
using Xunit;

namespace Mandos.Core.Tests.Keys;

[Lane(Lane.Unit)]
public sealed class TlsKeyPairTests
{
    // A key set made by Debian's mandos-keygen (certtool), and the key_id it printed.
    private const string DebianPrivateKeyPem =
        "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIEBNyc71Wp33Shdt3b+apTJv46IM0sWKztkL2VJmq1+F\n-----END PRIVATE KEY-----\n";
    private const string DebianPublicKeyPem =
        "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAH1yVD0NZiuNIWJ+MV/TK3CSmfiZ9JnwCwv8w7+ZHMUQ=\n-----END PUBLIC KEY-----\n";
    private const string DebianKeyId = "a8d9477eeb77d9e39b1d4be3a16abc5a32485e0ffbd77e15d3689925ae98ec88";

    [Fact]
    public void DebianKeyFilesLoadWithTheKeyIdDebianPrinted()
    {
        using var dir = new TempDir(mode: TempDir.Private);
        File.WriteAllText(dir.File("pub.pem"), DebianPublicKeyPem);
        File.WriteAllText(dir.File("priv.pem"), DebianPrivateKeyPem);

        TlsKeyPair pair = TlsKeyPair.Load(dir.File("pub.pem"), dir.File("priv.pem"));

        Assert.Equal(DebianKeyId.ToUpperInvariant(), pair.KeyId);
        Assert.Equal(44, pair.SubjectPublicKeyInfo.Length);
    }

    [Fact]
    public void WrittenFilesHaveUpstreamsFormatAndLoadBack()
    {
        using var dir = new TempDir(mode: TempDir.Private);
        TlsKeyPair generated = TlsKeyPair.Generate();
        PrivateFile.WriteNew(dir.File("tls-pubkey.pem"), generated.EncodePublicKeyPem());
        PrivateFile.WriteNew(dir.File("tls-privkey.pem"), generated.EncodePrivateKeyPem());

        string privateText = File.ReadAllText(dir.File("tls-privkey.pem"));
        string publicText = File.ReadAllText(dir.File("tls-pubkey.pem"));
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI", privateText);
        Assert.EndsWith("\n-----END PRIVATE KEY-----\n", privateText);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA", publicText);

        TlsKeyPair loaded = TlsKeyPair.Load(dir.File("tls-pubkey.pem"), dir.File("tls-privkey.pem"));
        Assert.Equal(generated.SubjectPublicKeyInfo, loaded.SubjectPublicKeyInfo);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(loaded.SubjectPublicKeyInfo)), loaded.KeyId);
        Assert.Equal(generated.PrivateKey.GetEncoded(), loaded.PrivateKey.GetEncoded());
    }

    [Fact]
    public void CerttoolOutputWithExplanatoryTextIsAccepted()
    {
        using var dir = new TempDir(mode: TempDir.Private);
        File.WriteAllText(dir.File("pub.pem"), "Public Key Info:\n\tPublic Key Algorithm: EdDSA (Ed25519)\n\n" + DebianPublicKeyPem);
        File.WriteAllText(dir.File("priv.pem"), "Public Key Info:\n\tKey Security Level: High\n\n" + DebianPrivateKeyPem);

        Assert.Equal(DebianKeyId.ToUpperInvariant(), TlsKeyPair.Load(dir.File("pub.pem"), dir.File("priv.pem")).KeyId);
    }

    [Fact]
    public void PrivateKeyOfAnotherPairIsRejected()
    {
        using var dir = new TempDir(mode: TempDir.Private);
        File.WriteAllText(dir.File("pub.pem"), DebianPublicKeyPem);
        PrivateFile.WriteNew(dir.File("priv.pem"), TlsKeyPair.Generate().EncodePrivateKeyPem());

        var e = Assert.Throws<KeyFileException>(() => TlsKeyPair.Load(dir.File("pub.pem"), dir.File("priv.pem")));
        Assert.Equal(dir.File("priv.pem"), e.FilePath);
        Assert.Contains("does not match", e.Message);
    }

    [Fact]
    public void MissingFileIsNamedInOneLine()
    {
        using var dir = new TempDir(mode: TempDir.Private);
        var e = Assert.Throws<KeyFileException>(() => TlsKeyPair.ReadSubjectPublicKeyInfo(dir.File("absent.pem")));
        Assert.Equal($"{dir.File("absent.pem")}: No such file or directory", e.Message);
    }

    [Theory]
    [InlineData("not a key at all\n", "not a PEM file")]
    [InlineData("-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----\n", "no valid")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", "malformed private key")]
    [InlineData("-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n", "encrypted private keys are not supported")]
    public void MalformedPrivateKeyFileGivesAClearError(string contents, string expected)
    {
        using var dir = new TempDir(mode: TempDir.Private);
        File.WriteAllText(dir.File("priv.pem"), contents);

        var e = Assert.Throws<KeyFileException>(() => TlsKeyPair.ReadPrivateKey(dir.File("priv.pem")));
        Assert.StartsWith(dir.File("priv.pem") + ": ", e.Message);
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void DirectoryInPlaceOfAFileIsReportedAsSuch()
    {
        using var dir = new TempDir(mode: TempDir.Private);
        var e = Assert.Throws<KeyFileException>(() => TlsKeyPair.ReadPrivateKey(dir.Path));
        Assert.Equal($"{dir.Path}: Is a directory", e.Message);
    }

    [Fact]
    public void NonEd25519PublicKeyIsRejected()
    {
        using var dir = new TempDir(mode: TempDir.Private);
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        File.WriteAllText(dir.File("pub.pem"), ecdsa.ExportSubjectPublicKeyInfoPem());

        var e = Assert.Throws<KeyFileException>(() => TlsKeyPair.ReadSubjectPublicKeyInfo(dir.File("pub.pem")));
        Assert.Contains("not an Ed25519 public key", e.Message);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void UnreadableFileIsReportedAsPermissionDenied()
    {
        if (Environment.UserName == "root")
        {
            return; // root reads everything; nothing to observe
        }
        using var dir = new TempDir(mode: TempDir.Private);
        File.WriteAllText(dir.File("priv.pem"), DebianPrivateKeyPem);
        File.SetUnixFileMode(dir.File("priv.pem"), UnixFileMode.None);

        var e = Assert.Throws<KeyFileException>(() => TlsKeyPair.ReadPrivateKey(dir.File("priv.pem")));
        Assert.EndsWith("Permission denied", e.Message);
    }
}
