using System.Text.Json;
using Fledger.Cli.Json;
using Fledger.Core.Identity;

namespace Fledger.Cli.Tests;

/// <summary>The stable line format and the stdin commands of <c>fledger node --json-events</c>.</summary>
public sealed class JsonEventTests
{
    [Theory]
    [InlineData("post hello world", 1, 0, "hello world")]
    [InlineData("post:2   spaced text ", 3, 2, "spaced text")]
    [InlineData("post:0 x", 1, 0, "x")]
    public void TryParsePost_ValidCommand_GivesNodeAndText(string command, int nodes, int node, string text)
    {
        Assert.True(JsonEventRunner.TryParsePost(command.Trim(), nodes, out var parsedNode, out var parsedText, out var error));
        Assert.Equal((node, text, string.Empty), (parsedNode, parsedText, error));
    }

    [Theory]
    [InlineData("post", "post needs a text")]
    [InlineData("post:1 hi", "no node '1' (this process runs nodes 0..0)")]
    [InlineData("post:-1 hi", "no node '-1'")]
    [InlineData("post:x hi", "no node 'x'")]
    [InlineData("send hi", "unknown command 'send'")]
    public void TryParsePost_BadCommand_IsRefusedWithAReason(string command, string reason)
    {
        Assert.False(JsonEventRunner.TryParsePost(command, 1, out _, out _, out var error));
        Assert.StartsWith(reason, error);
    }

    [Fact]
    public void Lines_AreOneJsonObjectWithTypeNodeAndTime()
    {
        var id = NodeIdentity.Generate(new Random(1)).Id;

        using var ready = JsonDocument.Parse(JsonEventFormat.Ready(2, id, "a \"name\"", 1795632286749.4567));
        using var peers = JsonDocument.Parse(JsonEventFormat.Peers(0, [id], 5));
        using var error = JsonDocument.Parse(JsonEventFormat.Error(-1, "bad\nthing", 6));

        Assert.Equal("ready", ready.RootElement.GetProperty("type").GetString());
        Assert.Equal(2, ready.RootElement.GetProperty("node").GetInt32());
        Assert.Equal(id.ToString(), ready.RootElement.GetProperty("id").GetString());
        Assert.Equal("a \"name\"", ready.RootElement.GetProperty("name").GetString());
        Assert.Equal(1795632286749.457, ready.RootElement.GetProperty("t").GetDouble());
        Assert.Equal(id.ToString(), peers.RootElement.GetProperty("peers")[0].GetString());
        Assert.Equal("bad\nthing", error.RootElement.GetProperty("message").GetString());
        Assert.DoesNotContain('\n', JsonEventFormat.Error(-1, "bad\nthing", 6));
    }
}
