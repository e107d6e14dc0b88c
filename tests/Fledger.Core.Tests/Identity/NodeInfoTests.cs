using Fledger.Core.Identity;

namespace Fledger.Core.Tests.Identity;

public class NodeInfoTests
{
    private static readonly NodeIdentity Identity = NodeIdentity.Generate(new Random(10));

    [Fact]
    public void Encode_ThenDecode_RoundTrips()
    {
        var info = Identity.CreateNodeInfo("Alice's node ✓", ClientKind.Browser, ["gossip", "ping", "random.v1"]);

        Assert.True(NodeInfo.TryDecode(info.Encode(), out var decoded, out var error));
        Assert.Equal(NodeInfoError.None, error);
        Assert.Equal(info, decoded);
        Assert.Equal(Identity.Id, decoded!.Id);
        Assert.Equal("Alice's node ✓", decoded.Name);
        Assert.Equal(ClientKind.Browser, decoded.Kind);
        Assert.Equal(["gossip", "ping", "random.v1"], decoded.Modules);
        Assert.True(decoded.PublicKey.Span.SequenceEqual(Identity.PublicKey.Span));
    }

    [Fact]
    public void Equals_DifferentName_NotEqual()
    {
        var a = Identity.CreateNodeInfo("a", ClientKind.Cli);
        var b = Identity.CreateNodeInfo("b", ClientKind.Cli);

        Assert.NotEqual(a, b);
        Assert.Equal(a, Identity.CreateNodeInfo("a", ClientKind.Cli));
    }

    [Fact]
    public void TryCreate_LimitsExceeded_ReturnsTypedError()
    {
        var key = Identity.PublicKey.Span;
        Assert.False(NodeInfo.TryCreate(key, new string('x', NodeInfo.MaxNameBytes + 1), ClientKind.Cli, [], out _, out var e1));
        Assert.Equal(NodeInfoError.InvalidName, e1);
        Assert.False(NodeInfo.TryCreate(key, "bell\a", ClientKind.Cli, [], out _, out var e2));
        Assert.Equal(NodeInfoError.InvalidName, e2);
        var tooMany = Enumerable.Range(0, NodeInfo.MaxModules + 1).Select(i => $"m{i}");
        Assert.False(NodeInfo.TryCreate(key, "n", ClientKind.Cli, tooMany, out _, out var e3));
        Assert.Equal(NodeInfoError.InvalidModules, e3);
        Assert.False(NodeInfo.TryCreate(key, "n", ClientKind.Cli, ["Upper"], out _, out var e4));
        Assert.Equal(NodeInfoError.InvalidModules, e4);
        Assert.False(NodeInfo.TryCreate(key, "n", ClientKind.Cli, ["dup", "dup"], out _, out var e5));
        Assert.Equal(NodeInfoError.InvalidModules, e5);
        Assert.False(NodeInfo.TryCreate(key[..16], "n", ClientKind.Cli, [], out _, out var e6));
        Assert.Equal(NodeInfoError.InvalidPublicKey, e6);
        Assert.False(NodeInfo.TryCreate(key, "n", (ClientKind)99, [], out _, out var e7));
        Assert.Equal(NodeInfoError.InvalidKind, e7);
    }

    [Fact]
    public void TryCreate_AtLimits_FitsMaxEncodedLength()
    {
        var modules = Enumerable.Range(0, NodeInfo.MaxModules).Select(i => $"{i:D2}{new string('m', NodeInfo.MaxModuleNameLength - 2)}");
        Assert.True(NodeInfo.TryCreate(Identity.PublicKey.Span, new string('n', NodeInfo.MaxNameBytes), ClientKind.Server, modules, out var info, out _));
        Assert.Equal(NodeInfo.MaxEncodedLength, info!.Encode().Length);
    }

    [Fact]
    public void TryDecode_EveryTruncation_ReturnsErrorWithoutThrowing()
    {
        var bytes = Identity.CreateNodeInfo("node", ClientKind.Cli, ["ping"]).Encode();
        for (var i = 0; i < bytes.Length; i++)
        {
            Assert.False(NodeInfo.TryDecode(bytes.AsSpan(0, i), out var info, out var error));
            Assert.Null(info);
            Assert.NotEqual(NodeInfoError.None, error);
        }

        Assert.False(NodeInfo.TryDecode([.. bytes, 0], out _, out var trailing));
        Assert.Equal(NodeInfoError.Truncated, trailing);
    }

    [Fact]
    public void TryDecode_BadFields_ReturnsTypedError()
    {
        var bytes = Identity.CreateNodeInfo("node", ClientKind.Cli, ["ping"]).Encode();

        var version = bytes.ToArray();
        version[0] = 2;
        Assert.False(NodeInfo.TryDecode(version, out _, out var e1));
        Assert.Equal(NodeInfoError.UnsupportedVersion, e1);

        var kind = bytes.ToArray();
        kind[1] = 0;
        Assert.False(NodeInfo.TryDecode(kind, out _, out var e2));
        Assert.Equal(NodeInfoError.InvalidKind, e2);

        var badUtf8 = bytes.ToArray();
        badUtf8[2 + 32 + 1] = 0xFF;
        Assert.False(NodeInfo.TryDecode(badUtf8, out _, out var e3));
        Assert.Equal(NodeInfoError.InvalidName, e3);

        Assert.False(NodeInfo.TryDecode(new byte[NodeInfo.MaxEncodedLength + 1], out _, out var e4));
        Assert.Equal(NodeInfoError.TooLarge, e4);
    }

    [Fact]
    public void TryDecode_RandomBytes_NeverThrows()
    {
        var random = new Random(11);
        var valid = Identity.CreateNodeInfo("fuzz", ClientKind.Cli, ["a", "b"]).Encode();
        for (var i = 0; i < 5000; i++)
        {
            byte[] input;
            if (i % 2 == 0)
            {
                input = new byte[random.Next(1, 80)];
                random.NextBytes(input);
                input[0] = NodeInfo.EncodingVersion;
            }
            else
            {
                input = valid.ToArray();
                input[random.Next(input.Length)] = (byte)random.Next(256);
            }

            if (NodeInfo.TryDecode(input, out var info, out _))
            {
                Assert.Equal(input, info!.Encode());
            }
        }
    }
}
