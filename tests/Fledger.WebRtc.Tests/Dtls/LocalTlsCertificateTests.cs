using Fledger.WebRtc.Dtls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Fledger.WebRtc.Tests.Dtls;

/// <summary>Our certificate goes into the Certificate message from its cached DER, byte for byte what BouncyCastle encodes.</summary>
public sealed class LocalTlsCertificateTests
{
    private static readonly DtlsCertificate Cert = DtlsCertificate.Generate(TimeProvider.System);

    [Fact]
    public void GetEncoded_CachedDer_EqualsBouncyCastleEncodingAndIsACopy()
    {
        var crypto = new DtlsCrypto(DtlsCrypto.SystemRandom);
        var local = new LocalTlsCertificate(crypto, Cert.Structure, Cert.DerArray);

        var encoded = local.GetEncoded();
        encoded[0] ^= 0xFF;

        Assert.Equal(new BcTlsCertificate(crypto, Cert.Structure).GetEncoded(), local.GetEncoded());
        Assert.Equal(Cert.Der.ToArray(), local.GetEncoded());
        Assert.NotSame(local.GetEncoded(), local.GetEncoded());
    }

    [Fact]
    public void CreateSigner_Chain_IsTheCachedLocalCertificate()
    {
        var settings = new DtlsPeerSettings(Cert, Cert.Fingerprint, new DtlsTransportOptions());
        var crypto = new DtlsCrypto(DtlsCrypto.SystemRandom);

        var signer = settings.CreateSigner(null!, crypto); // the context is only read when signing

        Assert.IsType<LocalTlsCertificate>(signer.Certificate.GetCertificateAt(0));
    }
}
