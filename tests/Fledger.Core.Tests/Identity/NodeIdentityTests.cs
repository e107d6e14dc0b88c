using System.Text;
using Fledger.Core.Identity;

namespace Fledger.Core.Tests.Identity;

public class NodeIdentityTests
{
    private static readonly byte[] Message = Encoding.UTF8.GetBytes("fledger test message");

    [Fact]
    public void Sign_ThenVerify_Succeeds()
    {
        var identity = NodeIdentity.Generate();
        var signature = identity.Sign(Message);

        Assert.Equal(NodeIdentity.SignatureLength, signature.Length);
        Assert.True(NodeIdentity.Verify(identity.PublicKey.Span, Message, signature));
    }

    [Fact]
    public void Verify_AnyFlippedBitInSignatureOrData_Fails()
    {
        var identity = NodeIdentity.Generate(new Random(4));
        var signature = identity.Sign(Message);

        for (var i = 0; i < signature.Length * 8; i++)
        {
            var tampered = signature.ToArray();
            tampered[i / 8] ^= (byte)(1 << (i % 8));
            Assert.False(NodeIdentity.Verify(identity.PublicKey.Span, Message, tampered), $"signature bit {i}");
        }

        for (var i = 0; i < Message.Length * 8; i++)
        {
            var tampered = Message.ToArray();
            tampered[i / 8] ^= (byte)(1 << (i % 8));
            Assert.False(NodeIdentity.Verify(identity.PublicKey.Span, tampered, signature), $"data bit {i}");
        }
    }

    [Fact]
    public void Verify_OtherKey_Fails()
    {
        var a = NodeIdentity.Generate(new Random(5));
        var b = NodeIdentity.Generate(new Random(6));

        Assert.False(NodeIdentity.Verify(b.PublicKey.Span, Message, a.Sign(Message)));
    }

    [Fact]
    public void Verify_WrongLengthsOrGarbageKey_ReturnsFalseWithoutThrowing()
    {
        var identity = NodeIdentity.Generate(new Random(7));
        var signature = identity.Sign(Message);

        Assert.False(NodeIdentity.Verify(identity.PublicKey.Span[..31], Message, signature));
        Assert.False(NodeIdentity.Verify(identity.PublicKey.Span, Message, signature.AsSpan(0, 63)));
        Assert.False(NodeIdentity.Verify([], Message, []));
        var random = new Random(8);
        for (var i = 0; i < 200; i++)
        {
            var key = new byte[32];
            var sig = new byte[64];
            random.NextBytes(key);
            random.NextBytes(sig);
            Assert.False(NodeIdentity.Verify(key, Message, sig));
        }
    }

    [Fact]
    public void ExportPrivateKey_ThenImport_RestoresSameIdentity()
    {
        var identity = NodeIdentity.Generate();
        var restored = NodeIdentity.ImportPrivateKey(identity.ExportPrivateKey());

        Assert.Equal(identity.Id, restored.Id);
        Assert.True(identity.PublicKey.Span.SequenceEqual(restored.PublicKey.Span));
        Assert.True(NodeIdentity.Verify(identity.PublicKey.Span, Message, restored.Sign(Message)));
    }

    [Fact]
    public void TryImportPrivateKey_WrongLength_ReturnsFalse()
    {
        Assert.False(NodeIdentity.TryImportPrivateKey(new byte[31], out var identity));
        Assert.Null(identity);
    }

    [Fact]
    public void Sign_Rfc8032TestVector1_MatchesExpected()
    {
        // RFC 8032 section 7.1, TEST 1 (empty message).
        var secret = Convert.FromHexString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        var identity = NodeIdentity.ImportPrivateKey(secret);

        Assert.Equal("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", Convert.ToHexStringLower(identity.PublicKey.Span));
        Assert.Equal(
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
            Convert.ToHexStringLower(identity.Sign([])));
    }

    [Fact]
    public void ToString_DoesNotRevealPrivateKey()
    {
        var identity = NodeIdentity.Generate(new Random(9));
        var text = identity.ToString();

        Assert.DoesNotContain(Convert.ToHexStringLower(identity.ExportPrivateKey()), text, StringComparison.Ordinal);
        Assert.Contains(identity.Id.ToShortString(), text, StringComparison.Ordinal);
    }
}
