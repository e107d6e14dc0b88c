using System.Security.Cryptography;
using Fledger.WebRtc.Dtls;

namespace Fledger.WebRtc.Tests.Dtls;

/// <summary>
/// Peer P-256 public keys are imported into .NET once per distinct key, never mixed up (the path where libcrypto cannot be
/// loaded directly).
/// </summary>
public sealed class P256PublicKeyCacheTests
{
    [Fact]
    public void Get_SamePointTwice_ImportsOnceAndVerifies()
    {
        var cache = new P256PublicKeyCache();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (encoded, point) = Point(key);
        var hash = SHA256.HashData("finished"u8);
        var signature = key.SignHash(hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

        var first = cache.Get(encoded, point);
        var second = cache.Get(encoded, point);

        Assert.Same(first, second);
        Assert.Equal(1, cache.Count);
        Assert.True(second.VerifyHash(hash, signature));
    }

    [Fact]
    public void Get_DifferentPoints_DifferentKeysAndBoundedCount()
    {
        var cache = new P256PublicKeyCache();
        using var one = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var hash = SHA256.HashData("x"u8);
        var signature = one.SignHash(hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        var (oneEncoded, onePoint) = Point(one);
        var oneKey = cache.Get(oneEncoded, onePoint);

        for (var i = 0; i < P256PublicKeyCache.Capacity + 3; i++)
        {
            using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var (encoded, point) = Point(other);
            var otherKey = cache.Get(encoded, point);
            Assert.NotSame(oneKey, otherKey);
            Assert.False(otherKey.VerifyHash(hash, signature));
        }

        Assert.Equal(P256PublicKeyCache.Capacity, cache.Count);
        Assert.NotSame(oneKey, cache.Get(oneEncoded, onePoint)); // the oldest was dropped and is imported again
    }

    [Fact]
    public void Get_PointOffCurve_Throws()
    {
        var cache = new P256PublicKeyCache();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (encoded, point) = Point(key);
        point.Y![^1] ^= 0x01;
        encoded[^1] ^= 0x01;

        Assert.ThrowsAny<CryptographicException>(() => cache.Get(encoded, point));
        Assert.Equal(0, cache.Count);
    }

    private static (byte[] Encoded, ECPoint Point) Point(ECDsa key)
    {
        var point = key.ExportParameters(false).Q;
        return (P256.EncodeUncompressed(point), point);
    }
}
