using System.Security.Cryptography;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;

namespace Fledger.WebRtc.Dtls;

/// <summary>
/// One ephemeral ECDHE exchange on P-256 with .NET's <see cref="ECDiffieHellman"/> (OpenSSL): the local key comes
/// from <see cref="EphemeralKeys.P256"/> (single use), the peer's point is checked strictly before the agreement.
/// </summary>
/// <remarks>
/// RFC 8422 §5.10 (ECDHE premaster secret = x-coordinate, fixed length), §5.1.2 (uncompressed points only),
/// SEC 1 v2 §3.2.2.1 (public key validation: coordinates in range and point on the curve; OpenSSL checks the latter
/// on import and refuses the point at infinity).
/// </remarks>
internal sealed class NativeP256Agreement(TlsCrypto crypto) : TlsAgreement
{
    private ECDiffieHellman? _local;
    private ECDiffieHellman? _peer;

    public byte[] GenerateEphemeral()
    {
        _local?.Dispose();
        try
        {
            _local = EphemeralKeys.P256.Take();
            return P256.EncodeUncompressed(_local.ExportParameters(includePrivateParameters: false).Q);
        }
        catch (CryptographicException ex)
        {
            throw new TlsFatalAlert(AlertDescription.internal_error, "ECDHE key generation failed", ex);
        }
    }

    public void ReceivePeerValue(byte[] peerValue)
    {
        if (peerValue is null || !P256.TryDecodeUncompressed(peerValue, out var point))
        {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "invalid ECDHE public point");
        }

        try
        {
            _peer?.Dispose();
            _peer = ECDiffieHellman.Create(P256.PublicParameters(point));
        }
        catch (CryptographicException ex)
        {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "ECDHE public point not on P-256", ex);
        }
    }

    public TlsSecret CalculateSecret()
    {
        var local = _local ?? throw new TlsFatalAlert(AlertDescription.internal_error, "no local ECDHE key");
        var peer = _peer ?? throw new TlsFatalAlert(AlertDescription.internal_error, "no peer ECDHE key");
        byte[] z;
        try
        {
            using var peerPublic = peer.PublicKey;
            z = local.DeriveRawSecretAgreement(peerPublic);
        }
        catch (CryptographicException ex)
        {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "ECDHE agreement failed", ex);
        }
        finally
        {
            // Forward secrecy: the ephemeral private key is used for exactly one agreement.
            local.Dispose();
            peer.Dispose();
            _local = null;
            _peer = null;
        }

        try
        {
            if (z.Length != P256.FieldSize)
            {
                throw new TlsFatalAlert(AlertDescription.internal_error, "unexpected ECDHE secret size");
            }

            return crypto.CreateSecret(z);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(z);
        }
    }
}
