using System.Security.Cryptography;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;

namespace Fledger.WebRtc.Dtls;

/// <summary>
/// Verifies the peer's ECDSA P-256 signatures (its ServerKeyExchange or CertificateVerify) against the public key of its
/// (fingerprint-checked) certificate, on libcrypto directly (<see cref="OpenSslP256Key"/>) or on .NET's <see cref="ECDsa"/>
/// (<see cref="P256PublicKey"/>).
/// </summary>
/// <remarks>
/// RFC 5246 §7.4.3 and §7.4.8, RFC 8422 §5.4 and §5.8. The DER signature is decoded strictly
/// (<see cref="EcdsaDerSignature"/>); a malformed or wrong signature makes BouncyCastle fail the handshake with
/// decrypt_error.
/// </remarks>
internal sealed class NativeEcdsaVerifier : TlsVerifier
{
    private readonly OpenSslP256Key? _openSslKey;
    private readonly P256PublicKey? _dotNetKey;

    /// <summary>Verifies on OpenSSL's libcrypto directly (Linux).</summary>
    public NativeEcdsaVerifier(OpenSslP256Key key) => _openSslKey = key;

    /// <summary>Verifies on .NET's <see cref="ECDsa"/> (where libcrypto cannot be loaded).</summary>
    public NativeEcdsaVerifier(P256PublicKey key) => _dotNetKey = key;

    /// <summary>None: BouncyCastle hashes the signed data and calls <see cref="VerifyRawSignature"/>.</summary>
    public TlsStreamVerifier? GetStreamVerifier(DigitallySigned digitallySigned) => null;

    public bool VerifyRawSignature(DigitallySigned digitallySigned, byte[] hash)
    {
        // TLS 1.2 always names the algorithm; the MD5/SHA-1 form of older versions is not accepted.
        if (digitallySigned?.Algorithm is not { Signature: SignatureAlgorithm.ecdsa } || hash is null || digitallySigned.Signature is null)
        {
            return false;
        }

        Span<byte> p1363 = stackalloc byte[2 * P256.FieldSize];
        if (!EcdsaDerSignature.TryToP1363(digitallySigned.Signature, p1363))
        {
            return false;
        }

        if (_openSslKey is not null)
        {
            // The DER form was just checked to be distinguished, so OpenSSL verifies exactly that (r, s).
            return _openSslKey.VerifyHash(hash, digitallySigned.Signature);
        }

        try
        {
            return _dotNetKey!.VerifyHash(hash, p1363);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
