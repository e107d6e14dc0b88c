using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Fledger.WebRtc.Dtls;
using Microsoft.Extensions.Time.Testing;
using Org.BouncyCastle.Security;
using BcX509Certificate = Org.BouncyCastle.X509.X509Certificate;

namespace Fledger.WebRtc.Tests.Dtls;

public sealed class DtlsCertificateTests
{
    [Fact]
    public void Generate_FakeClock_SelfSignedP256EcdsaSha256ValidForThirtyDays()
    {
        var now = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

        var certificate = DtlsCertificate.Generate(new FakeTimeProvider(now));

        using var parsed = X509CertificateLoader.LoadCertificate(certificate.Der);
        using var publicKey = parsed.GetECDsaPublicKey();
        Assert.Equal("CN=fledger-webrtc", parsed.Subject);
        Assert.Equal(parsed.Subject, parsed.Issuer);
        Assert.Equal("1.2.840.10045.4.3.2", parsed.SignatureAlgorithm.Value); // ecdsa-with-SHA256
        Assert.Equal(ECCurve.NamedCurves.nistP256.Oid.Value, publicKey!.ExportParameters(false).Curve.Oid.Value);
        Assert.Equal(now.AddDays(-1), new DateTimeOffset(parsed.NotBefore.ToUniversalTime()));
        Assert.Equal(now.AddDays(30), new DateTimeOffset(parsed.NotAfter.ToUniversalTime()));
        Assert.True(parsed.SerialNumberBytes.Span[0] is > 0 and < 0x80);

        // BouncyCastle (which parses it in the handshake) reads it and checks the self-signature.
        var bc = new BcX509Certificate(certificate.Der.ToArray());
        bc.Verify(bc.GetPublicKey());
    }

    [Fact]
    public void SignHash_VerifiesWithTheCertificateKeyAsDer()
    {
        var certificate = DtlsCertificate.Generate(TimeProvider.System, new SecureRandom());
        var hash = SHA256.HashData("signed"u8);

        var signature = certificate.SignHash(hash);

        using var parsed = X509CertificateLoader.LoadCertificate(certificate.Der);
        using var publicKey = parsed.GetECDsaPublicKey()!;
        Assert.Equal(0x30, signature[0]); // DER SEQUENCE, not r || s
        Assert.True(publicKey.VerifyHash(hash, signature, DSASignatureFormat.Rfc3279DerSequence));
    }
}
