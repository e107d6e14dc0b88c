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

    public override int[] GetSupportedGroups() => settings.Groups;

    public override bool PreferLocalSupportedGroups() => true;

    /// <summary>
    /// Our first group the client also offers (BouncyCastle's TLS 1.2 server would take the client's first, whatever
    /// our list says); with the default list that is X25519 for Chromium and for our own client.
    /// </summary>
    /// <remarks>RFC 8422 §5.1.1: the server picks among the client's supported_groups.</remarks>
    protected override int SelectECDH(int minimumCurveBits)
    {
        var offered = m_context.SecurityParameters.ClientSupportedGroups;
        foreach (var group in settings.Groups)
        {
            if (NamedGroup.GetCurveBits(group) >= minimumCurveBits && (offered is null || Array.IndexOf(offered, group) >= 0))
            {
                return group;
            }
        }

        return -1;
    }

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
