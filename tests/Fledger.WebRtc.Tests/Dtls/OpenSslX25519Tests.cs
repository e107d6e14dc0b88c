using System.Security.Cryptography;
using Fledger.WebRtc.Dtls;
using BcX25519 = Org.BouncyCastle.Math.EC.Rfc7748.X25519;

namespace Fledger.WebRtc.Tests.Dtls;

/// <summary>X25519 on OpenSSL's libcrypto gives exactly RFC 7748's and BouncyCastle's results and refuses small-order peers.</summary>
/// <remarks>The suite runs on Linux, where .NET itself uses libcrypto 3: the native path must be there.</remarks>
public sealed class OpenSslX25519Tests
{
    [Fact]
    public void IsAvailable_OnLinux_True()
    {
        Assert.True(OperatingSystem.IsLinux());
        Assert.True(OpenSslX25519.IsAvailable);
    }

    [Theory]
    [InlineData(
        "a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
        "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
        "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552")]
    [InlineData(
        "4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
        "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
        "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957")]
    public void TryDerive_Rfc7748Vectors_Match(string scalar, string peer, string expected)
    {
        var output = new byte[32];

        Assert.True(OpenSslX25519.TryDerive(Convert.FromHexString(scalar), Convert.FromHexString(peer), output));
        Assert.Equal(expected, Convert.ToHexStringLower(output));
    }

    [Fact]
    public void TryDerive_RandomKeysAndPeerValues_MatchBouncyCastle()
    {
        var random = new Random(25519);
        for (var i = 0; i < 64; i++)
        {
            var scalar = new byte[32];
            var peer = new byte[32];
            random.NextBytes(scalar);
            random.NextBytes(peer); // includes u >= p and the top bit set: both sides mask and reduce the same way
            var native = new byte[32];
            var managed = new byte[32];

            var nativeOk = OpenSslX25519.TryDerive(scalar, peer, native);
            var managedOk = BcX25519.CalculateAgreement(scalar, 0, peer, 0, managed, 0);

            Assert.Equal(managedOk, nativeOk);
            Assert.Equal(managed, native);
        }
    }

    [Theory]
    [InlineData(
        "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a",
        "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a")]
    [InlineData(
        "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb",
        "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f")]
    public void TryGetPublicKey_Rfc7748Section61Vectors_Match(string privateKey, string expected)
    {
        var publicKey = new byte[32];

        Assert.True(OpenSslX25519.TryGetPublicKey(Convert.FromHexString(privateKey), publicKey));
        Assert.Equal(expected, Convert.ToHexStringLower(publicKey));
    }

    [Fact]
    public void Generate_KeyPairs_PublicKeyIsBouncyCastlesAndAgreementsMatch()
    {
        for (var i = 0; i < 16; i++)
        {
            using var a = X25519KeyPair.Generate();
            using var b = X25519KeyPair.Generate();
            var expected = new byte[32];
            BcX25519.GeneratePublicKey(a.PrivateKey, 0, expected, 0);
            var ab = new byte[32];
            var ba = new byte[32];

            Assert.Equal(expected, a.PublicKey);
            Assert.True(OpenSslX25519.TryDerive(a.PrivateKey, b.PublicKey, ab));
            Assert.True(OpenSslX25519.TryDerive(b.PrivateKey, a.PublicKey, ba));
            Assert.Equal(ab, ba);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void TryDerive_SmallOrderPeer_RefusedAndOpenSslErrorQueueCleared(byte u)
    {
        var peer = new byte[32];
        peer[0] = u;
        using var key = X25519KeyPair.Generate();

        Assert.False(OpenSslX25519.TryDerive(key.PrivateKey, peer, new byte[32]));

        // .NET's next OpenSSL call on this thread must not trip over a stale error.
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var hash = SHA256.HashData("after a refused agreement"u8);
        Assert.True(ecdsa.VerifyHash(hash, ecdsa.SignHash(hash)));
    }

    [Theory]
    [InlineData(31, 32, 32)]
    [InlineData(32, 33, 32)]
    [InlineData(32, 32, 16)]
    public void TryDerive_WrongLengths_False(int scalarLength, int peerLength, int outputLength)
    {
        Assert.False(OpenSslX25519.TryDerive(new byte[scalarLength], new byte[peerLength], new byte[outputLength]));
    }
}
