using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;

namespace Mandos.Core.Protocol;

/// <summary>
/// The Mandos server's side of TLS, which is the TLS <em>client</em>: offers TLS 1.3 only, asks
/// for an RFC 7250 raw public key from the peer, presents no certificate, and captures the peer's
/// SubjectPublicKeyInfo so the server can compute its key_id. BouncyCastle itself checks the
/// peer's CertificateVerify, i.e. that it holds the private half of that key.
/// </summary>
public sealed class RawKeyTlsClient(TlsCrypto crypto) : DefaultTlsClient(crypto)
{
    /// <summary>DER SubjectPublicKeyInfo the peer presented, once the handshake has seen it.</summary>
    public byte[]? PeerSubjectPublicKeyInfo { get; private set; }

    /// <summary>The last TLS alert sent or received, for error messages.</summary>
    public string? LastAlert { get; private set; }

    public override void NotifyAlertRaised(short alertLevel, short alertDescription, string message, Exception cause) =>
        LastAlert = TlsAlertText.Sent(alertDescription, message);

    public override void NotifyAlertReceived(short alertLevel, short alertDescription) =>
        LastAlert = TlsAlertText.Received(alertDescription);

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.TLSv13.Only();

    protected override short[] GetAllowedServerCertificateTypes() => [CertificateType.RawPublicKey];

    protected override CertificateStatusRequest? GetCertificateStatusRequest() => null;

    protected override IList<CertificateStatusRequestItemV2>? GetMultiCertStatusRequest() => null;

    public override TlsAuthentication GetAuthentication() => new PeerKeyCapture(this);

    private sealed class PeerKeyCapture(RawKeyTlsClient owner) : TlsAuthentication
    {
        public void NotifyServerCertificate(TlsServerCertificate serverCertificate)
        {
            Certificate certificate = serverCertificate.Certificate;
            if (certificate.CertificateType != CertificateType.RawPublicKey || certificate.Length != 1)
            {
                throw new TlsFatalAlert(AlertDescription.unsupported_certificate,
                    "peer did not present exactly one raw public key");
            }
            owner.PeerSubjectPublicKeyInfo = certificate.GetCertificateAt(0).GetEncoded();
        }

        public TlsCredentials? GetClientCredentials(CertificateRequest certificateRequest) => null;
    }
}
