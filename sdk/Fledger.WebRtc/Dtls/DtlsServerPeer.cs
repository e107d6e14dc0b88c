using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Fledger.WebRtc.Dtls;

/// <summary>
/// BouncyCastle DTLS 1.2 server: ECDHE-ECDSA only, requests a client certificate (with <c>ecdsa_sign</c>, which
/// Chromium needs), checks it against the SDP fingerprint, echoes use_srtp when offered.
/// </summary>
/// <remarks>RFC 6347; RFC 8827 §6.5; RFC 5764 §4.1.1; RFC 7627.</remarks>
internal sealed class DtlsServerPeer(BcTlsCrypto crypto, DtlsPeerSettings settings) : DefaultTlsServer(crypto)
{
    private readonly BcTlsCrypto _crypto = crypto;
    private UseSrtpData? _offeredSrtp;

    public override CertificateRequest GetCertificateRequest() =>
        new([ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign], DtlsPeerSettings.PeerSignatureAlgorithms(), null);

    public override void NotifyClientCertificate(Certificate clientCertificate) => settings.VerifyPeer(clientCertificate);

    public override void ProcessClientExtensions(IDictionary<int, byte[]> clientExtensions)
    {
        base.ProcessClientExtensions(clientExtensions);
        _offeredSrtp = clientExtensions is null ? null : TlsSrtpUtilities.GetUseSrtpExtension(clientExtensions);
    }

    public override IDictionary<int, byte[]> GetServerExtensions()
    {
        var extensions = base.GetServerExtensions() ?? new Dictionary<int, byte[]>();
        if (_offeredSrtp is { ProtectionProfiles.Length: > 0 } offered)
        {
            TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData([offered.ProtectionProfiles[0]], []));
        }

        return extensions;
    }

    public override bool RequiresExtendedMasterSecret() => true;

    public override int[] GetSupportedGroups() => DtlsPeerSettings.SupportedGroups;

    public override bool PreferLocalSupportedGroups() => true;

    public override int GetHandshakeTimeoutMillis() => (int)settings.Options.HandshakeTimeout.TotalMilliseconds;

    public override int GetHandshakeResendTimeMillis() => (int)settings.Options.ResendTimeout.TotalMilliseconds;

    public override void NotifyAlertRaised(short alertLevel, short alertDescription, string message, Exception cause) =>
        settings.AlertObserver?.Invoke(false, alertLevel, alertDescription);

    public override void NotifyAlertReceived(short alertLevel, short alertDescription) =>
        settings.AlertObserver?.Invoke(true, alertLevel, alertDescription);

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => DtlsPeerSettings.CipherSuites;

    protected override TlsCredentialedSigner GetECDsaSignerCredentials() => settings.CreateSigner(m_context, _crypto);
}
