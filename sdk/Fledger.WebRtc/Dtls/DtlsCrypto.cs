using System.Security.Cryptography;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Fledger.WebRtc.Dtls;

/// <summary>BouncyCastle TLS crypto with AES-GCM record protection moved to <see cref="AesGcm"/> when the platform supports it.</summary>
internal sealed class DtlsCrypto(SecureRandom random) : BcTlsCrypto(random)
{
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
