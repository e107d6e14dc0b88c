using System.Security.Cryptography;
using Fledger.WebRtc.Dtls;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using TlsHashAlgorithm = Org.BouncyCastle.Tls.HashAlgorithm;

namespace Fledger.WebRtc.Tests.Dtls;

/// <summary>The native (OpenSSL) P-256 primitives behind the DTLS handshake: signatures, their strict DER decoding, ECDHE.</summary>
public sealed class NativeCryptoTests
{
    private static readonly DtlsCertificate Cert = DtlsCertificate.Generate(TimeProvider.System);
    private static readonly SignatureAndHashAlgorithm EcdsaSha256 = new(TlsHashAlgorithm.sha256, SignatureAlgorithm.ecdsa);
    private readonly DtlsCrypto _crypto = new(new SecureRandom());

    [Fact]
    public void Verifier_NativeSignatureOfP256Certificate_IsNativeAndAccepts()
    {
        var hash = SHA256.HashData("server key exchange"u8);

        var verifier = new NativeTlsCertificate(_crypto, Cert.Der.ToArray()).CreateVerifier(SignatureAlgorithm.ecdsa);

        Assert.IsType<NativeEcdsaVerifier>(verifier);
        Assert.True(verifier.VerifyRawSignature(new DigitallySigned(EcdsaSha256, Cert.SignHash(hash)), hash));
    }

    [Fact]
    public void Verifier_BouncyCastle_AcceptsNativeDerSignature()
    {
        var hash = SHA256.HashData("certificate verify"u8);

        var verifier = new BcTlsCertificate(_crypto, Cert.Der.ToArray()).CreateVerifier(SignatureAlgorithm.ecdsa);

        Assert.True(verifier.VerifyRawSignature(new DigitallySigned(EcdsaSha256, Cert.SignHash(hash)), hash));
    }

    [Fact]
    public void Verifier_TamperedSignatureOtherHashOrOtherKey_Refuses()
    {
        var hash = SHA256.HashData("handshake"u8);
        var signature = Cert.SignHash(hash);
        var verifier = new NativeTlsCertificate(_crypto, Cert.Der.ToArray()).CreateVerifier(SignatureAlgorithm.ecdsa);
        var stranger = new NativeTlsCertificate(_crypto, DtlsCertificate.Generate(TimeProvider.System).Der.ToArray())
            .CreateVerifier(SignatureAlgorithm.ecdsa);

        for (var i = 0; i < signature.Length; i++)
        {
            var tampered = (byte[])signature.Clone();
            tampered[i] ^= 0x01;
            Assert.False(verifier.VerifyRawSignature(new DigitallySigned(EcdsaSha256, tampered), hash), $"byte {i} flipped");
        }

        Assert.False(verifier.VerifyRawSignature(new DigitallySigned(EcdsaSha256, signature), SHA256.HashData("other"u8)));
        Assert.False(stranger.VerifyRawSignature(new DigitallySigned(EcdsaSha256, signature), hash));
        Assert.False(verifier.VerifyRawSignature(new DigitallySigned(null, signature), hash));
    }

    [Fact]
    public void EcdsaDerSignature_DistinguishedEncoding_ConvertsToRAndS()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var hash = SHA256.HashData("x"u8);
        var der = key.SignHash(hash, DSASignatureFormat.Rfc3279DerSequence);
        var p1363 = new byte[64];

        Assert.True(EcdsaDerSignature.TryToP1363(der, p1363));
        Assert.True(key.VerifyHash(hash, p1363, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    public static TheoryData<string, byte[]> MalformedSignatures()
    {
        byte[] one = [0x01];
        var order = P256.Order.ToArray();
        return new TheoryData<string, byte[]>
        {
            { "trailing byte", [.. Der(one, one), 0x00] },
            { "long-form length", [0x30, 0x81, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01] },
            { "redundant leading zero", Der([0x00, 0x01], one) },
            { "negative r", Der([0x80], one) },
            { "r zero", Der([0x00], one) },
            { "s equals n", Der(one, [0x00, .. order]) },
            { "r longer than n", Der([0x01, .. order], one) },
            { "truncated", Der(one, one)[..^1] },
            { "empty", [] },
            { "three integers", [0x30, 0x09, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01] },
        };
    }

    [Theory]
    [MemberData(nameof(MalformedSignatures))]
    public void EcdsaDerSignature_NotDistinguishedOrOutOfRange_IsRefused(string name, byte[] der)
    {
        Assert.False(EcdsaDerSignature.TryToP1363(der, new byte[64]), name);
    }

    [Fact]
    public void Agreement_BothSides_DeriveTheSameSecret()
    {
        var (fromA, fromB, secretA, secretB) = Agree(new NativeP256Agreement(_crypto), new NativeP256Agreement(_crypto));

        Assert.Equal(P256.UncompressedPointSize, fromA.Length);
        Assert.Equal(32, secretA.Length);
        Assert.Equal(secretA, secretB);
        Assert.NotEqual(fromA, fromB);
    }

    public static TheoryData<string, byte[]> InvalidPoints()
    {
        var valid = new NativeP256Agreement(new DtlsCrypto(new SecureRandom())).GenerateEphemeral();
        var offCurve = (byte[])valid.Clone();
        offCurve[^1] ^= 0x01;
        var xIsP = (byte[])valid.Clone();
        P256.Prime.CopyTo(xIsP.AsSpan(1));
        var compressed = valid[..33];
        compressed[0] = (byte)(0x02 | (valid[^1] & 1));
        return new TheoryData<string, byte[]>
        {
            { "not on the curve", offCurve },
            { "x not below p", xIsP },
            { "compressed", compressed },
            { "point at infinity", [0x00] },
            { "hybrid prefix", [0x06, .. valid[1..]] },
            { "short", valid[..^1] },
            { "empty", [] },
        };
    }

    [Theory]
    [MemberData(nameof(InvalidPoints))]
    public void Agreement_InvalidPeerPoint_IsRefusedWithIllegalParameter(string name, byte[] point)
    {
        var agreement = new NativeP256Agreement(_crypto);
        agreement.GenerateEphemeral();

        var alert = Assert.Throws<TlsFatalAlert>(() => agreement.ReceivePeerValue(point));

        Assert.True(alert.AlertDescription == AlertDescription.illegal_parameter, name);
    }

    [Fact]
    public void EphemeralKeys_Take_HandsOutEveryKeyOnce()
    {
        var points = new HashSet<string>();
        for (var i = 0; i < 8; i++)
        {
            using var p256 = EphemeralKeys.P256.Take();
            using var x25519 = EphemeralKeys.X25519.Take();
            Assert.True(points.Add(Convert.ToHexString(P256.EncodeUncompressed(p256.ExportParameters(false).Q))));
            Assert.True(points.Add(Convert.ToHexString(x25519.PublicKey)));
        }
    }

    [Fact]
    public void X25519Agreement_BothSides_DeriveTheSameSecretAndWipeTheKey()
    {
        var a = new EphemeralX25519Agreement(_crypto);
        var (fromA, _, secretA, secretB) = Agree(a, new EphemeralX25519Agreement(_crypto));

        Assert.Equal(32, fromA.Length);
        Assert.Equal(secretA, secretB);
        Assert.Throws<TlsFatalAlert>(() => a.CalculateSecret()); // single use
    }

    [Theory]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(0)]
    public void X25519Agreement_PeerValueOfWrongLength_IsRefusedWithIllegalParameter(int length)
    {
        var agreement = new EphemeralX25519Agreement(_crypto);
        agreement.GenerateEphemeral();

        var alert = Assert.Throws<TlsFatalAlert>(() => agreement.ReceivePeerValue(new byte[length]));

        Assert.Equal(AlertDescription.illegal_parameter, alert.AlertDescription);
    }

    [Fact]
    public void X25519Agreement_SmallOrderPeerValue_AllZeroSecretIsRefused()
    {
        // u = 0 is a point of small order: the shared secret is all zero (RFC 7748 §6.1, RFC 8422 §5.11).
        var agreement = new EphemeralX25519Agreement(_crypto);
        agreement.GenerateEphemeral();
        agreement.ReceivePeerValue(new byte[32]);

        var alert = Assert.Throws<TlsFatalAlert>(() => agreement.CalculateSecret());

        Assert.Equal(AlertDescription.illegal_parameter, alert.AlertDescription);
    }

    private static byte[] Der(byte[] r, byte[] s) =>
        [0x30, (byte)(4 + r.Length + s.Length), 0x02, (byte)r.Length, .. r, 0x02, (byte)s.Length, .. s];

    /// <summary>One ECDHE exchange between <paramref name="a"/> and <paramref name="b"/>: both public values and both secrets.</summary>
    private static (byte[] FromA, byte[] FromB, byte[] SecretA, byte[] SecretB) Agree(TlsAgreement a, TlsAgreement b)
    {
        var fromA = a.GenerateEphemeral();
        var fromB = b.GenerateEphemeral();
        a.ReceivePeerValue(fromB);
        b.ReceivePeerValue(fromA);
        return (fromA, fromB, a.CalculateSecret().Extract(), b.CalculateSecret().Extract());
    }
}
