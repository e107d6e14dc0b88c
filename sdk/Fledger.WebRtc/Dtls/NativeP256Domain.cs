using Org.BouncyCastle.Tls.Crypto;

namespace Fledger.WebRtc.Dtls;

/// <summary>The secp256r1 ECDHE domain on .NET's native <see cref="System.Security.Cryptography.ECDiffieHellman"/>.</summary>
/// <remarks>RFC 8422 §5.4 (ServerECDHParams), §5.7 (ClientECDiffieHellmanPublic).</remarks>
internal sealed class NativeP256Domain(TlsCrypto crypto) : TlsECDomain
{
    public TlsAgreement CreateECDH() => new NativeP256Agreement(crypto);
}
