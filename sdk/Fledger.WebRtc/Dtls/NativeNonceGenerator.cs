using System.Security.Cryptography;
using Org.BouncyCastle.Tls.Crypto;

namespace Fledger.WebRtc.Dtls;

/// <summary>
/// TLS nonces (the ClientHello/ServerHello randoms, DTLS cookies' secrets, explicit nonces) straight from the operating
/// system's CSPRNG (<see cref="RandomNumberGenerator"/>) instead of BouncyCastle's SHA-256 DigestRandomGenerator.
/// </summary>
/// <remarks>RFC 5246 §7.4.1.2 (the hello randoms must come from a secure random number generator), RFC 4086.</remarks>
internal sealed class NativeNonceGenerator : TlsNonceGenerator
{
    public static NativeNonceGenerator Instance { get; } = new();

    public byte[] GenerateNonce(int size)
    {
        var nonce = new byte[size];
        RandomNumberGenerator.Fill(nonce);
        return nonce;
    }
}
