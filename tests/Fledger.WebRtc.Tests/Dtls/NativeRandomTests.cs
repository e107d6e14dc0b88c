using System.Reflection;
using Fledger.WebRtc.Dtls;
using Org.BouncyCastle.Crypto.Prng;
using Org.BouncyCastle.Security;

namespace Fledger.WebRtc.Tests.Dtls;

/// <summary>The handshake's randomness comes straight from the operating system's CSPRNG.</summary>
public sealed class NativeRandomTests
{
    [Fact]
    public void SystemRandom_Generator_IsOperatingSystemCsprng()
    {
        var field = typeof(SecureRandom).GetField("generator", BindingFlags.Instance | BindingFlags.NonPublic);

        Assert.NotNull(field);
        Assert.IsType<CryptoApiRandomGenerator>(field.GetValue(DtlsCrypto.SystemRandom));
        Assert.Same(DtlsCrypto.SystemRandom, new DtlsCrypto(DtlsCrypto.SystemRandom).SecureRandom);
    }

    [Fact]
    public void CreateNonceGenerator_Any_IsNativeAndNeverRepeats()
    {
        var generator = new DtlsCrypto(DtlsCrypto.SystemRandom).CreateNonceGenerator([1, 2, 3]);
        var seen = new HashSet<string>();

        Assert.IsType<NativeNonceGenerator>(generator);
        for (var i = 0; i < 200; i++)
        {
            var nonce = generator.GenerateNonce(32);
            Assert.Equal(32, nonce.Length);
            Assert.True(seen.Add(Convert.ToHexString(nonce)), "a 32-byte nonce repeated");
        }
    }

    [Fact]
    public void SystemRandom_Bytes_AreNotConstant()
    {
        var first = new byte[32];
        var second = new byte[32];
        DtlsCrypto.SystemRandom.NextBytes(first);
        DtlsCrypto.SystemRandom.NextBytes(second);

        Assert.NotEqual(first, second);
        Assert.NotEqual(new byte[32], first);
    }
}
