using Fledger.Cli.View;
using Fledger.Core.Identity;
using Microsoft.Extensions.Time.Testing;

namespace Fledger.Cli.Tests;

public sealed class NodeViewTests
{
    [Fact]
    public void SetPeers_ConnectThenDrop_LogsEachChangeOnce()
    {
        var view = new NodeView(new FakeTimeProvider(DateTimeOffset.UnixEpoch));
        var self = NodeIdentity.Generate(new Random(1)).Id;
        var peer = NodeIdentity.Generate(new Random(2)).Id;
        var index = view.AddNode(self, "alice");
        PeerRow Row(string state) => new(peer.ToShortString(), "bob", state, "host/host", TimeSpan.FromMilliseconds(2), 10, 20);

        view.SetPeers(index, [new(peer, Row("Connecting"))]);
        view.SetPeers(index, [new(peer, Row("Connected"))]);
        view.SetPeers(index, [new(peer, Row("Connected"))]);
        view.SetPeers(index, []);

        var lines = new List<string>();
        while (view.Lines.TryRead(out var line))
        {
            lines.Add(line);
        }

        Assert.Equal(2, lines.Count);
        Assert.EndsWith($"alice: peer bob ({peer.ToShortString()}) connected (host/host)", lines[0]);
        Assert.EndsWith($"alice: peer bob ({peer.ToShortString()}) disconnected", lines[1]);
        Assert.Empty(view.Snapshots()[0].Peers);
    }

    [Fact]
    public void AddChat_BeyondLimit_KeepsNewestLines()
    {
        var view = new NodeView(new FakeTimeProvider(DateTimeOffset.UnixEpoch));
        var index = view.AddNode(NodeIdentity.Generate(new Random(3)).Id, "alice");

        for (var i = 0; i < 250; i++)
        {
            view.AddChat(index, new ChatLine(DateTimeOffset.UnixEpoch, "bob", $"m{i}"));
        }

        var chat = view.Snapshots()[0].Chat;
        Assert.Equal(200, chat.Count);
        Assert.Equal("m50", chat[0].Text);
        Assert.Equal("m249", chat[^1].Text);
    }
}
