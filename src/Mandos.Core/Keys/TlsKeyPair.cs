using Mandos.Core.Protocol;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.EdEC;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace Mandos.Core.Keys;

/// <summary>
/// The client's TLS identity: an Ed25519 key pair kept in <c>tls-pubkey.pem</c> (PEM SPKI) and
/// <c>tls-privkey.pem</c> (unencrypted PKCS#8 PEM), the files <c>mandos-keygen</c> writes.
/// </summary>
public sealed class TlsKeyPair
{
    private TlsKeyPair(Ed25519PrivateKeyParameters privateKey)
    {
        PrivateKey = privateKey;
        PublicKey = privateKey.GeneratePublicKey();
        SubjectPublicKeyInfo = EncodeSubjectPublicKeyInfo(PublicKey);
    }

    public Ed25519PrivateKeyParameters PrivateKey { get; }

    public Ed25519PublicKeyParameters PublicKey { get; }

    /// <summary>DER SubjectPublicKeyInfo: what goes on the wire as the raw public key.</summary>
    public byte[] SubjectPublicKeyInfo { get; }

    /// <summary>Upper-case hex SHA-256 of <see cref="SubjectPublicKeyInfo"/>, as the server matches it.</summary>
    public string KeyId => Protocol.KeyId.FromSubjectPublicKeyInfo(SubjectPublicKeyInfo);

    public static TlsKeyPair Generate() =>
        new(new Ed25519PrivateKeyParameters(new SecureRandom()));

    /// <summary>Loads both files and checks that the private key belongs to the public key.</summary>
    public static TlsKeyPair Load(string publicKeyPath, string privateKeyPath)
    {
        byte[] spki = ReadSubjectPublicKeyInfo(publicKeyPath);
        var pair = new TlsKeyPair(ReadPrivateKey(privateKeyPath));
        if (!pair.SubjectPublicKeyInfo.AsSpan().SequenceEqual(spki))
        {
            throw new KeyFileException(privateKeyPath, $"private key does not match the public key in {publicKeyPath}");
        }
        return pair;
    }

    /// <summary>Reads <c>tls-pubkey.pem</c> and returns its DER SubjectPublicKeyInfo (re-encoded canonically).</summary>
    public static byte[] ReadSubjectPublicKeyInfo(string path) =>
        DecodeSubjectPublicKeyInfo(PemFile.ReadSingle(path, "PUBLIC KEY"), path);

    /// <summary>
    /// The DER SubjectPublicKeyInfo of <c>tls-pubkey.pem</c> contents read elsewhere (a copy of
    /// the file inside an initramfs); <paramref name="source"/> names them in errors.
    /// </summary>
    public static byte[] ParseSubjectPublicKeyInfo(ReadOnlySpan<byte> pem, string source) =>
        DecodeSubjectPublicKeyInfo(PemFile.Decode(pem, "PUBLIC KEY") ?? throw new KeyFileException(source, "no valid \"PUBLIC KEY\" PEM block"), source);

    private static byte[] DecodeSubjectPublicKeyInfo(byte[] der, string source)
    {
        try
        {
            return PublicKeyFactory.CreateKey(der) is Ed25519PublicKeyParameters key
                ? EncodeSubjectPublicKeyInfo(key)
                : throw new KeyFileException(source, "not an Ed25519 public key");
        }
        catch (Exception e) when (e is not KeyFileException)
        {
            throw new KeyFileException(source, "malformed public key", e);
        }
    }

    public static Ed25519PrivateKeyParameters ReadPrivateKey(string path) => DecodePrivateKey(PemFile.ReadSingle(path, "PRIVATE KEY"), path);

    /// <summary>
    /// Both files' contents read elsewhere (handed over by a process that read them), checked as
    /// <see cref="Load"/> checks the files; <paramref name="source"/> names them in errors.
    /// </summary>
    public static TlsKeyPair Parse(ReadOnlySpan<byte> publicKeyPem, ReadOnlySpan<byte> privateKeyPem, string source)
    {
        byte[] spki = ParseSubjectPublicKeyInfo(publicKeyPem, source);
        var pair = new TlsKeyPair(DecodePrivateKey(PemFile.Decode(privateKeyPem, "PRIVATE KEY")
            ?? throw new KeyFileException(source, "no valid \"PRIVATE KEY\" PEM block"), source));
        return pair.SubjectPublicKeyInfo.AsSpan().SequenceEqual(spki)
            ? pair
            : throw new KeyFileException(source, "the private key does not match the public key");
    }

    /// <summary>The key in PKCS#8 DER <paramref name="der"/>, which is cleared.</summary>
    private static Ed25519PrivateKeyParameters DecodePrivateKey(byte[] der, string path)
    {
        try
        {
            return PrivateKeyFactory.CreateKey(der) is Ed25519PrivateKeyParameters key
                ? key
                : throw new KeyFileException(path, "not an Ed25519 private key");
        }
        catch (Exception e) when (e is not KeyFileException)
        {
            throw new KeyFileException(path, "malformed private key", e);
        }
        finally
        {
            PrivateFile.Clear(der);
        }
    }

    /// <summary>The <c>tls-privkey.pem</c> contents: PKCS#8 v1 without the optional public key, as certtool writes.</summary>
    public byte[] EncodePrivateKeyPem()
    {
        byte[] seed = PrivateKey.GetEncoded();
        var info = new PrivateKeyInfo(new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519), new DerOctetString(seed));
        byte[] der = info.GetEncoded(Asn1Encodable.Der);
        try
        {
            return PemFile.Encode("PRIVATE KEY", der);
        }
        finally
        {
            PrivateFile.Clear(seed);
            PrivateFile.Clear(der);
        }
    }

    /// <summary>The <c>tls-pubkey.pem</c> contents.</summary>
    public byte[] EncodePublicKeyPem() => PemFile.Encode("PUBLIC KEY", SubjectPublicKeyInfo);

    private static byte[] EncodeSubjectPublicKeyInfo(Ed25519PublicKeyParameters key) =>
        SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(key).GetEncoded(Asn1Encodable.Der);
}
