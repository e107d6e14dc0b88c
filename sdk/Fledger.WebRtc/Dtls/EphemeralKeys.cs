using System.Security.Cryptography;

namespace Fledger.WebRtc.Dtls;

/// <summary>The process-wide pools of pre-generated ephemeral ECDHE keys, one per group we implement.</summary>
internal static class EphemeralKeys
{
    /// <summary>secp256r1 on .NET's <see cref="ECDiffieHellman"/> (OpenSSL).</summary>
    public static EphemeralKeyPool<ECDiffieHellman> P256 { get; } = new(GenerateP256);

    /// <summary>X25519 on BouncyCastle's RFC 7748 implementation.</summary>
    public static EphemeralKeyPool<X25519KeyPair> X25519 { get; } = new(X25519KeyPair.Generate);

    private static ECDiffieHellman GenerateP256()
    {
        var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);

        // Make sure the key pair exists now (off the handshake path when pre-generated), not on first use.
        _ = key.ExportParameters(includePrivateParameters: false);
        return key;
    }
}
