using Org.BouncyCastle.Tls.Crypto;

namespace Fledger.WebRtc.Dtls;

/// <summary>The X25519 ECDHE domain with pre-generated ephemeral keys.</summary>
/// <remarks>RFC 8422 §5.4 and §5.7 (ECDHE public values), §5.11 (X25519).</remarks>
internal sealed class EphemeralX25519Domain(TlsCrypto crypto) : TlsECDomain
{
    public TlsAgreement CreateECDH() => new EphemeralX25519Agreement(crypto);
}
