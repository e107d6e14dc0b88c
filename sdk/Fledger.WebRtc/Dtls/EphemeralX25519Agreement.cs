using System.Security.Cryptography;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using BcX25519 = Org.BouncyCastle.Math.EC.Rfc7748.X25519;

namespace Fledger.WebRtc.Dtls;

/// <summary>
/// One X25519 ECDHE exchange with a pre-generated single-use key (<see cref="EphemeralKeys.X25519"/>); the agreement
/// itself runs on OpenSSL's libcrypto where it loads (<see cref="OpenSslX25519"/>; .NET has no X25519 API), else on
/// BouncyCastle's RFC 7748 code.
/// </summary>
/// <remarks>
/// RFC 8422 §5.11 (X25519 in TLS 1.2: 32-byte public values, an all-zero shared secret aborts the handshake),
/// RFC 7748 §6.1.
/// </remarks>
internal sealed class EphemeralX25519Agreement(TlsCrypto crypto) : TlsAgreement
{
    private X25519KeyPair? _local;
    private byte[]? _peer;

    public byte[] GenerateEphemeral()
    {
        _local?.Dispose();
        _local = EphemeralKeys.X25519.Take();
        return (byte[])_local.PublicKey.Clone();
    }

    public void ReceivePeerValue(byte[] peerValue)
    {
        if (peerValue is not { Length: BcX25519.PointSize })
        {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "invalid X25519 public value");
        }

        _peer = (byte[])peerValue.Clone();
    }

    public TlsSecret CalculateSecret()
    {
        var local = _local ?? throw new TlsFatalAlert(AlertDescription.internal_error, "no local ECDHE key");
        var peer = _peer ?? throw new TlsFatalAlert(AlertDescription.internal_error, "no peer ECDHE key");
        var secret = new byte[BcX25519.PointSize];
        try
        {
            var agreed = OpenSslX25519.IsAvailable
                ? OpenSslX25519.TryDerive(local.PrivateKey, peer, secret)
                : BcX25519.CalculateAgreement(local.PrivateKey, peer, secret);
            if (!agreed)
            {
                throw new TlsFatalAlert(AlertDescription.illegal_parameter, "X25519 shared secret is all zero (small-order peer value)");
            }

            return crypto.CreateSecret(secret);
        }
        finally
        {
            // Forward secrecy: the ephemeral private key is used for exactly one agreement.
            CryptographicOperations.ZeroMemory(secret);
            local.Dispose();
            _local = null;
        }
    }
}
