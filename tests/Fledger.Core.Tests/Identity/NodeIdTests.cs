using System.Text.Json;
using Fledger.Core.Identity;

namespace Fledger.Core.Tests.Identity;

public class NodeIdTests
{
    [Fact]
    public void ToString_ThenTryParse_RoundTrips()
    {
        var id = NodeIdentity.Generate(new Random(1)).Id;
        var text = id.ToString();

        Assert.Equal(NodeId.HexLength, text.Length);
        Assert.True(NodeId.TryParse(text, out var parsed));
        Assert.Equal(id, parsed);
        Assert.True(NodeId.TryParse(text.ToUpperInvariant(), out var upper));
        Assert.Equal(id, upper);
    }

    [Theory]
    [InlineData("", NodeIdParseError.Empty)]
    [InlineData("abcd", NodeIdParseError.WrongLength)]
    [InlineData("zz00000000000000000000000000000000000000000000000000000000000000", NodeIdParseError.InvalidCharacter)]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000ff", NodeIdParseError.WrongLength)]
    public void TryParse_InvalidText_ReturnsTypedError(string text, NodeIdParseError expected)
    {
        Assert.False(NodeId.TryParse(text, out var id, out var error));
        Assert.Equal(expected, error);
        Assert.Equal(default, id);
    }

    [Fact]
    public void TryParse_Null_ReturnsFalse()
    {
        Assert.False(NodeId.TryParse((string?)null, out _));
    }

    [Fact]
    public void FromPublicKey_IsSha256OfKey()
    {
        var identity = NodeIdentity.Generate(new Random(2));
        var expected = System.Security.Cryptography.SHA256.HashData(identity.PublicKey.Span);

        Assert.Equal(expected, identity.Id.ToArray());
        Assert.Equal(NodeId.FromBytes(expected), identity.Id);
    }

    [Fact]
    public void TryFromBytes_WrongLength_ReturnsFalse()
    {
        Assert.False(NodeId.TryFromBytes(new byte[31], out _));
        Assert.Throws<ArgumentException>(() => NodeId.FromBytes(new byte[33]));
    }

    [Fact]
    public void Equality_SameBytes_EqualAndSameHash()
    {
        var bytes = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var a = NodeId.FromBytes(bytes);
        var b = NodeId.FromBytes(bytes.ToArray());
        bytes[31] ^= 1;
        var c = NodeId.FromBytes(bytes);

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, c);
        Assert.True(a.CompareTo(c) > 0);
    }

    [Fact]
    public void Json_RoundTripsAsHexString()
    {
        var id = NodeIdentity.Generate(new Random(3)).Id;
        var json = JsonSerializer.Serialize(id);

        Assert.Equal($"\"{id}\"", json);
        Assert.Equal(id, JsonSerializer.Deserialize<NodeId>(json));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<NodeId>("\"nothex\""));
    }
}
