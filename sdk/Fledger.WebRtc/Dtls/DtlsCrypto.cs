using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Prng;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Fledger.WebRtc.Dtls;

/// <summary>
/// BouncyCastle TLS crypto with the expensive primitives on .NET's native implementations (OpenSSL, AES-NI): AES-GCM
/// record protection on <see cref="AesGcm"/>, SHA-2 hashing, HMAC and the PRF on <see cref="IncrementalHash"/>, randomness
/// from <see cref="RandomNumberGenerator"/>, P-256 ECDHE on <see cref="ECDiffieHellman"/>, ECDSA verification of P-256
/// certificates on libcrypto (<see cref="OpenSslP256Key"/>, else <see cref="ECDsa"/>; our own signatures:
/// <see cref="NativeEcdsaSigner"/>) and the X25519 agreement on libcrypto (<see cref="OpenSslX25519"/>, else
/// BouncyCastle), with X25519 keys generated ahead of time. BouncyCastle keeps the record layer, the handshake state
/// machine, X.509 parsing, other groups and RSA.
/// </summary>
/// <remarks>RFC 8422 (ECC cipher suites for TLS 1.2), RFC 5288 (AES-GCM suites), RFC 8827 §6.5 (P-256 is mandatory for WebRTC).</remarks>
internal sealed class DtlsCrypto(SecureRandom random) : BcTlsCrypto(random)
{
    /// <summary>
    /// The process-wide randomness of the handshakes: BouncyCastle's <see cref="SecureRandom"/> API reading the operating
    /// system's CSPRNG (<see cref="RandomNumberGenerator"/>) directly, without a managed SHA-256 DRBG in front of it.
    /// </summary>
    public static SecureRandom SystemRandom { get; } = new(new CryptoApiRandomGenerator());

    /// <summary>SHA-256/384/512 on .NET's native hashes (<see cref="NativeDigest"/>); others stay BouncyCastle's.</summary>
    public override IDigest CreateDigest(int cryptoHashAlgorithm) =>
        NativeDigest.TryCreate(cryptoHashAlgorithm) ?? base.CreateDigest(cryptoHashAlgorithm);

    public override IDigest CloneDigest(int cryptoHashAlgorithm, IDigest digest) =>
        digest is NativeDigest native ? native.Clone() : base.CloneDigest(cryptoHashAlgorithm, digest);

    /// <summary>Nonces from the operating system's CSPRNG (<see cref="NativeNonceGenerator"/>).</summary>
    public override TlsNonceGenerator CreateNonceGenerator(byte[] additionalSeedMaterial) => NativeNonceGenerator.Instance;

    public override TlsNonceGenerator CreateNonceGenerator(ReadOnlySpan<byte> additionalSeedMaterial) => NativeNonceGenerator.Instance;

    public override TlsCertificate CreateCertificate(short type, byte[] encoding) =>
        type == CertificateType.X509 ? new NativeTlsCertificate(this, encoding) : base.CreateCertificate(type, encoding);

    public override TlsECDomain CreateECDomain(TlsECConfig ecConfig) => ecConfig?.NamedGroup switch
    {
        NamedGroup.x25519 => new EphemeralX25519Domain(this),
        NamedGroup.secp256r1 => new NativeP256Domain(this),
        _ => base.CreateECDomain(ecConfig),
    };

    protected override TlsAeadCipher CreateCipher_Aes_Gcm(TlsCryptoParameters cryptoParams, int cipherKeySize, int macSize)
    {
        if (!AesGcm.IsSupported || macSize != AesGcmCipherImpl.TagSize)
        {
            return base.CreateCipher_Aes_Gcm(cryptoParams, cipherKeySize, macSize);
        }

        return new TlsAeadCipher(
            cryptoParams,
            new AesGcmCipherImpl(encrypt: true),
            new AesGcmCipherImpl(encrypt: false),
            cipherKeySize,
            macSize,
            TlsAeadCipher.AEAD_GCM);
    }
}
