using System.Security.Cryptography;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;

namespace Fledger.WebRtc.Dtls;

/// <summary>ECDSA signatures of our certificate's key (ServerKeyExchange, CertificateVerify) with .NET's <see cref="ECDsa"/>.</summary>
/// <remarks>
/// RFC 5246 §4.7 and §7.4.8 (TLS 1.2 signs the hash BouncyCastle computes), RFC 8422 §5.4 (DER-encoded ECDSA signature,
/// hence <see cref="DSASignatureFormat.Rfc3279DerSequence"/>, not .NET's default r || s).
/// </remarks>
internal sealed class NativeEcdsaSigner(DtlsCertificate certificate) : TlsSigner
{
    public byte[] GenerateRawSignature(SignatureAndHashAlgorithm algorithm, byte[] hash)
    {
        if (algorithm is null || algorithm.Signature != SignatureAlgorithm.ecdsa || hash is null)
        {
            throw new TlsFatalAlert(AlertDescription.internal_error, "only TLS 1.2 ECDSA signatures are supported");
        }

        try
        {
            return certificate.SignHash(hash);
        }
        catch (CryptographicException ex)
        {
            throw new TlsFatalAlert(AlertDescription.internal_error, "ECDSA signing failed", ex);
        }
    }

    /// <summary>None: BouncyCastle hashes the signed data and calls <see cref="GenerateRawSignature"/>.</summary>
    public TlsStreamSigner? GetStreamSigner(SignatureAndHashAlgorithm algorithm) => null;
}
