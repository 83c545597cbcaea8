using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Mandos.Core.Protocol;

/// <summary>
/// The Mandos client's side of TLS, which is the TLS <em>server</em>: TLS 1.3 only, presents its
/// Ed25519 key as an RFC 7250 raw public key and requests no certificate from the peer.
/// </summary>
public sealed class RawKeyTlsServer : DefaultTlsServer
{
    private readonly BcTlsCrypto _crypto;
    private readonly Ed25519PrivateKeyParameters _privateKey;
    private readonly byte[] _subjectPublicKeyInfo;

    public RawKeyTlsServer(BcTlsCrypto crypto, Ed25519PrivateKeyParameters privateKey, byte[] subjectPublicKeyInfo)
        : base(crypto)
    {
        _crypto = crypto;
        _privateKey = privateKey;
        _subjectPublicKeyInfo = subjectPublicKeyInfo;
    }

    /// <summary>The last TLS alert sent or received, for error messages.</summary>
    public string? LastAlert { get; private set; }

    public override void NotifyAlertRaised(short alertLevel, short alertDescription, string message, Exception cause) =>
        LastAlert = TlsAlertText.Sent(alertDescription, message);

    public override void NotifyAlertReceived(short alertLevel, short alertDescription) =>
        LastAlert = TlsAlertText.Received(alertDescription);

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.TLSv13.Only();

    // Key exchange on X25519 or X448 only. BouncyCastle's NIST-curve arithmetic blinds with a
    // default SecureRandom, which seeds itself from .NET's RandomNumberGenerator, which loads
    // OpenSSL: in an initramfs (no libssl) the client aborted when Debian's server offered
    // secp256r1 first ("No usable version of libssl was found"; found by the VM boot test).
    // GnuTLS's default priorities include X25519, and upstream's ULTRA profile accepts it.
    public override int[] GetSupportedGroups() => [NamedGroup.x25519, NamedGroup.x448];

    // GnuTLS asks for OCSP stapling; we have nothing to staple.
    protected override bool AllowCertificateStatus() => false;

    protected override bool AllowMultiCertStatus() => false;

    public override TlsCredentials GetCredentials()
    {
        var rawKey = new BcTlsRawKeyCertificate(_crypto, _subjectPublicKeyInfo);
        var certificate = new Certificate(CertificateType.RawPublicKey, TlsUtilities.EmptyBytes,
            [new CertificateEntry(rawKey, null)]);
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(m_context), _crypto, _privateKey,
            certificate, SignatureAndHashAlgorithm.ed25519);
    }
}
