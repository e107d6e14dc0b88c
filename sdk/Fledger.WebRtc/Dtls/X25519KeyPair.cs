using System.Security.Cryptography;
using BcX25519 = Org.BouncyCastle.Math.EC.Rfc7748.X25519;

namespace Fledger.WebRtc.Dtls;

/// <summary>
/// An ephemeral X25519 key pair (public key on libcrypto where it loads, else BouncyCastle); disposing it zeroes the
/// private scalar.
/// </summary>
/// <remarks>RFC 7748 §5 (X25519, clamped scalar), §6.1 (public key = X25519(k, 9)).</remarks>
internal sealed class X25519KeyPair : IDisposable
{
    private X25519KeyPair(byte[] privateKey, byte[] publicKey)
    {
        PrivateKey = privateKey;
        PublicKey = publicKey;
    }

    public byte[] PrivateKey { get; }

    public byte[] PublicKey { get; }

    public static X25519KeyPair Generate()
    {
        var privateKey = new byte[BcX25519.ScalarSize];
        RandomNumberGenerator.Fill(privateKey);
        BcX25519.ClampPrivateKey(privateKey);
        var publicKey = new byte[BcX25519.PointSize];
        if (!OpenSslX25519.IsAvailable || !OpenSslX25519.TryGetPublicKey(privateKey, publicKey))
        {
            BcX25519.GeneratePublicKey(privateKey, publicKey);
        }

        return new X25519KeyPair(privateKey, publicKey);
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(PrivateKey);
}
