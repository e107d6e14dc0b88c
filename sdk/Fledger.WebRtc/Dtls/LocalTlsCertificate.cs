using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Fledger.WebRtc.Dtls;

/// <summary>
/// Our own certificate for BouncyCastle's Certificate message: already parsed (<see cref="DtlsCertificate.Structure"/>)
/// and already DER-encoded (<see cref="DtlsCertificate.Der"/>), so a handshake neither parses nor re-encodes it.
/// </summary>
/// <remarks>RFC 5246 §7.4.2 (the Certificate message carries the DER encoding).</remarks>
internal sealed class LocalTlsCertificate(BcTlsCrypto crypto, X509CertificateStructure structure, byte[] der)
    : BcTlsCertificate(crypto, structure)
{
    /// <summary>A copy of the DER encoding the certificate was parsed from (the same bytes DER re-encoding gives).</summary>
    public override byte[] GetEncoded() => (byte[])der.Clone();
}
