using System.Security.Cryptography;
using Fledger.WebRtc.Dtls;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Fledger.WebRtc.Tests.Dtls;

/// <summary>The handshake's hashing, HMAC and PRF on .NET's native SHA-2 give exactly BouncyCastle's results.</summary>
public sealed class NativeHashTests
{
    private readonly DtlsCrypto _crypto = new(DtlsCrypto.SystemRandom);
    private readonly BcTlsCrypto _bouncyCastle = new(DtlsCrypto.SystemRandom);

    public static TheoryData<int> Algorithms() => [CryptoHashAlgorithm.sha256, CryptoHashAlgorithm.sha384, CryptoHashAlgorithm.sha512];

    [Fact]
    public void CreateDigest_Sha256Abc_IsNativeAndGivesFips180Vector()
    {
        var digest = _crypto.CreateDigest(CryptoHashAlgorithm.sha256);
        digest.BlockUpdate("ab"u8);
        digest.Update((byte)'c');
        var output = new byte[digest.GetDigestSize()];
        digest.DoFinal(output, 0);

        Assert.IsType<NativeDigest>(digest);
        Assert.Equal("SHA-256", digest.AlgorithmName);
        Assert.Equal(64, digest.GetByteLength());
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Convert.ToHexStringLower(output));
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void CreateDigest_SplitInputResetAndClone_MatchesBouncyCastle(int algorithm)
    {
        var random = new Random(algorithm);
        for (var length = 0; length < 600; length += 37)
        {
            var data = new byte[length];
            random.NextBytes(data);
            var native = _crypto.CreateDigest(algorithm);
            var managed = _bouncyCastle.CreateDigest(algorithm);
            Assert.IsType<NativeDigest>(native);
            Assert.IsNotType<NativeDigest>(managed);
            native.BlockUpdate([0x42, 0x43], 0, 2);
            native.Reset(); // discards what came before
            var half = length / 2;
            native.BlockUpdate(data, 0, half);
            managed.BlockUpdate(data, 0, half);
            var nativeClone = _crypto.CloneDigest(algorithm, native);
            native.BlockUpdate(data.AsSpan(half));
            managed.BlockUpdate(data.AsSpan(half));

            Assert.Equal(Final(managed), Final(native));
            nativeClone.BlockUpdate([0x01], 0, 1); // the clone goes on independently of the original
            Assert.NotEqual(Final(_crypto.CreateDigest(algorithm)), Final(nativeClone));
            Assert.Equal(Final(_bouncyCastle.CreateDigest(algorithm)), Final(native)); // DoFinal resets
        }
    }

    [Fact]
    public void CreateHash_TranscriptHashWithClone_MatchesSha256()
    {
        var hash = _crypto.CreateHash(CryptoHashAlgorithm.sha256);
        hash.Update("client hello"u8.ToArray(), 0, 12);
        var clone = hash.CloneHash();
        hash.Update("server hello"u8.ToArray(), 0, 12);

        Assert.Equal(SHA256.HashData("client helloserver hello"u8), hash.CalculateHash());
        Assert.Equal(SHA256.HashData("client hello"u8), clone.CalculateHash());
    }

    /// <summary>The TLS 1.2 P_SHA256 test vector published on the IETF TLS list (100 bytes of "test label").</summary>
    [Fact]
    public void DeriveUsingPrf_Sha256KnownVector_MatchesAndEqualsBouncyCastle()
    {
        byte[] secret = Convert.FromHexString("9bbe436ba940f017b17652849a71db35");
        byte[] seed = Convert.FromHexString("a0ba9f936cda311827a6f796ffd5198c");
        const string expected =
            "e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a6b301791e90d35c9c9a46b4e14baf9af0fa022f7077def17"
            + "abfd3797c0564bab4fbc91666e9def9b97fce34f796789baa48082d122ee42c5a72e5a5110fff70187347b66";

        var native = _crypto.CreateSecret(secret).DeriveUsingPrf(PrfAlgorithm.tls_prf_sha256, "test label", seed, 100).Extract();
        var managed = _bouncyCastle.CreateSecret(secret).DeriveUsingPrf(PrfAlgorithm.tls_prf_sha256, "test label", seed, 100).Extract();

        Assert.Equal(expected, Convert.ToHexStringLower(native));
        Assert.Equal(managed, native);
    }

    [Theory]
    [InlineData(CryptoHashAlgorithm.sha256)]
    [InlineData(CryptoHashAlgorithm.sha384)]
    public void CreateHmacForHash_RandomKeysAndData_MatchesBouncyCastleAndDotNet(int algorithm)
    {
        var random = new Random(7 + algorithm);
        foreach (var keyLength in new[] { 0, 16, 48, 64, 129 })
        {
            var key = new byte[keyLength];
            var data = new byte[keyLength * 3];
            random.NextBytes(key);
            random.NextBytes(data);
            var native = _crypto.CreateHmacForHash(algorithm);
            var managed = _bouncyCastle.CreateHmacForHash(algorithm);
            native.SetKey(key, 0, key.Length);
            managed.SetKey(key, 0, key.Length);
            native.Update(data, 0, data.Length);
            managed.Update(data, 0, data.Length);
            var expected = algorithm == CryptoHashAlgorithm.sha256 ? HMACSHA256.HashData(key, data) : HMACSHA384.HashData(key, data);

            var result = native.CalculateMac();
            Assert.Equal(expected, result);
            Assert.Equal(managed.CalculateMac(), result);
        }
    }

    [Fact]
    public void CreateDigest_OtherAlgorithm_KeepsBouncyCastle()
    {
        Assert.IsType<Sha1Digest>(_crypto.CreateDigest(CryptoHashAlgorithm.sha1));
    }

    private static byte[] Final(IDigest digest)
    {
        var output = new byte[digest.GetDigestSize()];
        digest.DoFinal(output);
        return output;
    }
}
