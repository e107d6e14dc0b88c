using System.Security.Cryptography;
using Fledger.WebRtc.Dtls;
using Org.BouncyCastle.Tls;
using TlsHashAlgorithm = Org.BouncyCastle.Tls.HashAlgorithm;

namespace Fledger.WebRtc.Tests.Dtls;

/// <summary>Peer ECDSA P-256 verification directly on OpenSSL's libcrypto: valid points only, exact verdicts.</summary>
/// <remarks>The suite runs on Linux, where .NET itself uses libcrypto 3: the direct path must be taken there.</remarks>
public sealed class OpenSslP256KeyTests
{
    private static readonly SignatureAndHashAlgorithm EcdsaSha256 = new(TlsHashAlgorithm.sha256, SignatureAlgorithm.ecdsa);

    [Fact]
    public void IsAvailable_OnLinux_True()
    {
        Assert.True(OperatingSystem.IsLinux());
        Assert.True(OpenSslP256Key.IsAvailable);
    }

    [Fact]
    public void VerifyHash_DotNetSignature_AcceptsOnlyTheRightHashSignatureAndKey()
    {
        using var signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var hash = SHA256.HashData("certificate verify"u8);
        var signature = signer.SignHash(hash, DSASignatureFormat.Rfc3279DerSequence);
        using var key = OpenSslP256Key.TryImport(P256.EncodeUncompressed(signer.ExportParameters(false).Q));
        using var otherKey = OpenSslP256Key.TryImport(P256.EncodeUncompressed(stranger.ExportParameters(false).Q));
        Assert.NotNull(key);
        Assert.NotNull(otherKey);

        Assert.True(key.VerifyHash(hash, signature));
        Assert.False(key.VerifyHash(SHA256.HashData("other"u8), signature));
        Assert.False(otherKey.VerifyHash(hash, signature));
        for (var i = 0; i < signature.Length; i++)
        {
            var tampered = (byte[])signature.Clone();
            tampered[i] ^= 0x01;
            Assert.False(key.VerifyHash(hash, tampered), $"byte {i} flipped");
        }
    }

    [Fact]
    public void TryImport_InvalidPoints_NullAndOpenSslErrorQueueCleared()
    {
        using var signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var valid = P256.EncodeUncompressed(signer.ExportParameters(false).Q);
        var offCurve = (byte[])valid.Clone();
        offCurve[^1] ^= 0x01;
        byte[] hybrid = [0x06, .. valid[1..]];

        Assert.Null(OpenSslP256Key.TryImport(offCurve));
        Assert.Null(OpenSslP256Key.TryImport(hybrid));
        Assert.Null(OpenSslP256Key.TryImport(valid[..^1]));
        Assert.Null(OpenSslP256Key.TryImport([]));

        // .NET's next OpenSSL call on this thread must not trip over a stale error.
        var hash = SHA256.HashData("after a refused point"u8);
        Assert.True(signer.VerifyHash(hash, signer.SignHash(hash)));
    }

    [Fact]
    public void CreateVerifier_P256Certificate_VerifiesOnOpenSslWithoutTheDotNetImport()
    {
        var certificate = DtlsCertificate.Generate(TimeProvider.System);
        var crypto = new DtlsCrypto(DtlsCrypto.SystemRandom);
        var hash = SHA256.HashData("server key exchange"u8);

        var verifier = new NativeTlsCertificate(crypto, certificate.Der.ToArray()).CreateVerifier(SignatureAlgorithm.ecdsa);

        Assert.True(verifier.VerifyRawSignature(new DigitallySigned(EcdsaSha256, certificate.SignHash(hash)), hash));
        Assert.False(P256PublicKeyCache.Shared.Contains(P256.EncodeUncompressed(PublicPoint(certificate))));
    }

    private static ECPoint PublicPoint(DtlsCertificate certificate)
    {
        using var x509 = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(certificate.Der);
        using var key = System.Security.Cryptography.X509Certificates.ECDsaCertificateExtensions.GetECDsaPublicKey(x509)!;
        return key.ExportParameters(false).Q;
    }
}
