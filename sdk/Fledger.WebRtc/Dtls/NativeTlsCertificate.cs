using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using X509KeyUsage = Org.BouncyCastle.Asn1.X509.KeyUsage;

namespace Fledger.WebRtc.Dtls;

/// <summary>
/// The peer's X.509 certificate as parsed by BouncyCastle, whose ECDSA verifier for a P-256 key runs on OpenSSL's
/// libcrypto directly where it loads (<see cref="OpenSslP256Key"/>), else on .NET's <see cref="ECDsa"/>, imported once
/// per distinct key (<see cref="P256PublicKeyCache"/>). Other keys (RSA, other curves, compressed points) keep BouncyCastle's verifiers.
/// </summary>
/// <remarks>RFC 5480 §2.1.1 and §2.2 (id-ecPublicKey, namedCurve secp256r1, uncompressed point); RFC 8422 §5.8.</remarks>
internal sealed class NativeTlsCertificate(BcTlsCrypto crypto, byte[] encoding) : BcTlsCertificate(crypto, encoding)
{
    public override TlsVerifier CreateVerifier(short signatureAlgorithm)
    {
        if (signatureAlgorithm != SignatureAlgorithm.ecdsa || !TryGetP256Point(out var point))
        {
            return base.CreateVerifier(signatureAlgorithm);
        }

        ValidateKeyUsage(X509KeyUsage.DigitalSignature);
        if (OpenSslP256Key.IsAvailable)
        {
            return new NativeEcdsaVerifier(
                OpenSslP256Key.TryImport(m_keyInfo.PublicKey.GetOctets())
                ?? throw new TlsFatalAlert(AlertDescription.bad_certificate, "certificate public key not on P-256"));
        }

        try
        {
            return new NativeEcdsaVerifier(P256PublicKeyCache.Shared.Get(m_keyInfo.PublicKey.GetOctets(), point));
        }
        catch (CryptographicException ex)
        {
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "certificate public key not on P-256", ex);
        }
    }

    private bool TryGetP256Point(out ECPoint point)
    {
        point = default;
        var algorithm = m_keyInfo.Algorithm;
        return X9ObjectIdentifiers.IdECPublicKey.Equals(algorithm.Algorithm)
            && algorithm.Parameters is DerObjectIdentifier curve
            && SecObjectIdentifiers.SecP256r1.Equals(curve)
            && m_keyInfo.PublicKey.IsOctetAligned()
            && P256.TryDecodeUncompressed(m_keyInfo.PublicKey.GetOctets(), out point);
    }
}
