using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Fledger.WebRtc.Dtls;

/// <summary>BouncyCastle DTLS 1.2 client: ECDHE-ECDSA only, client certificate, SDP fingerprint check, offers use_srtp.</summary>
/// <remarks>RFC 6347; RFC 8827 §6.5; RFC 5764 §4.1.1 (use_srtp); RFC 7627 (extended master secret, required).</remarks>
internal sealed class DtlsClientPeer(BcTlsCrypto crypto, DtlsPeerSettings settings) : DefaultTlsClient(crypto)
{
    private readonly BcTlsCrypto _crypto = crypto;

    public override TlsAuthentication GetAuthentication() => new Authentication(this);

    public override IDictionary<int, byte[]> GetClientExtensions()
    {
        var extensions = base.GetClientExtensions() ?? new Dictionary<int, byte[]>();
        TlsSrtpUtilities.AddUseSrtpExtension(
            extensions,
            new UseSrtpData([SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM], []));
        return extensions;
    }

    public override bool RequiresExtendedMasterSecret() => true;

    protected override IList<int> GetSupportedGroups(IList<int> namedGroupRoles) => settings.Groups;

    public override int GetHandshakeTimeoutMillis() => (int)settings.Options.HandshakeTimeout.TotalMilliseconds;

    public override int GetHandshakeResendTimeMillis() => (int)settings.Options.ResendTimeout.TotalMilliseconds;

    public override void NotifyAlertRaised(short alertLevel, short alertDescription, string message, Exception cause) =>
        settings.AlertObserver?.Invoke(false, alertLevel, alertDescription);

    public override void NotifyAlertReceived(short alertLevel, short alertDescription) =>
        settings.AlertObserver?.Invoke(true, alertLevel, alertDescription);

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => DtlsPeerSettings.CipherSuites;

    private sealed class Authentication(DtlsClientPeer owner) : TlsAuthentication
    {
        public void NotifyServerCertificate(TlsServerCertificate serverCertificate) =>
            owner.VerifyServer(serverCertificate.Certificate);

        public TlsCredentials GetClientCredentials(CertificateRequest certificateRequest) => owner.CreateSigner();
    }

    private void VerifyServer(Certificate certificate) => settings.VerifyPeer(certificate);

    private TlsCredentials CreateSigner() => settings.CreateSigner(m_context, _crypto);
}
