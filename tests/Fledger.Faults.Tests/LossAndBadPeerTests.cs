using System.Collections.Concurrent;
using Fledger.Core.Identity;
using Fledger.Faults.Tests.Infrastructure;
using Xunit.Abstractions;
using Fledger.Modules;
using Fledger.Modules.Gossip;
using Fledger.Net.Network;
using Fledger.Net.Testing;
using Fledger.Net.WebRtc;

namespace Fledger.Faults.Tests;

/// <summary>Lossy links (in-memory WebRTC kit) and a misbehaving native peer.</summary>
public sealed class LossAndBadPeerTests(ITestOutputHelper output) : IAsyncDisposable
{
    private readonly Mesh _mesh = new();
    private SignalServerHost? _server;

    /// <remarks>
    /// The managed WebRTC stack has no loss hook at the UDP level of a real socket (and SCTP would retransmit lost
    /// datagrams anyway), so this case runs the same <see cref="NetworkStack"/> and <see cref="Node.FledgerNode"/> code
    /// over the in-memory WebRTC kit, which drops 10 % of all data-channel messages on every link.
    /// </remarks>
    [Fact]
    public async Task Gossip_TenPercentMessageLossOnEveryLink_NoEventIsLost()
    {
        var webRtc = new InMemoryWebRtcNetwork(TimeProvider.System, new InMemoryNetworkOptions { DropProbability = 0.1, Seed = 5 });
        var relay = new InMemorySignalRelay(5);
        await _mesh.AddInMemoryAsync(webRtc, relay, 12, seed: 400);
        await _mesh.WaitUntilAsync(
            () => _mesh.Nodes.All(n => n.Node.Connections.Count >= 2) && _mesh.IsOneOverlay(),
            TimeSpan.FromSeconds(60),
            "12 nodes in one overlay");

        var ids = new List<GossipEventId>();
        for (var i = 0; i < 10; i++)
        {
            ids.Add(await Mesh.PostAsync(_mesh.Nodes[i % _mesh.Nodes.Count], $"lossy {i}"));
        }

        var took = await _mesh.WaitUntilAsync(() => ids.All(_mesh.AllHave), TimeSpan.FromSeconds(60), "all 10 chats on all 12 nodes");
        Assert.True(webRtc.MessagesDropped > 0, "the network dropped nothing");
        output.WriteLine($"all events everywhere after {took.TotalMilliseconds:0} ms; dropped {webRtc.MessagesDropped} of {webRtc.MessagesDropped + webRtc.MessagesDelivered} messages");
    }

    [Fact]
    public async Task BadPeer_ForgedMalformedAndOversizedFrames_IsDisconnectedAndTheOthersKeepWorking()
    {
        _server = await SignalServerHost.StartAsync();
        await _mesh.AddNativeAsync(_server.HubUri, 5, seed: 500);
        await _mesh.WaitUntilAsync(
            () => _mesh.Nodes.All(n => n.Node.Connections.Count >= 1) && _mesh.IsOneOverlay()
                && _mesh.Nodes.Skip(1).Any(n => n.Node.Connections.Contains(_mesh.Nodes[0].Id)),
            TimeSpan.FromSeconds(60),
            "5 nodes in one overlay, with a peer that sees node 0 as connected");
        var bad = _mesh.Nodes[0];
        var target = _mesh.Nodes.First(n => n.Node.Connections.Contains(bad.Id));
        var good = _mesh.Nodes.Where(n => n != bad).ToList();
        var disconnects = new ConcurrentQueue<NodeId>();
        using var watch = target.Stack.Network.SubscribeOutputs(output =>
        {
            if (output is NetworkOut.Disconnected d)
            {
                disconnects.Enqueue(d.Peer);
            }
        });

        // Forged: a correctly framed gossip message whose event content was altered after signing.
        var forged = GossipEvent.Create(NodeIdentity.Generate(new Random(9)), GossipCategory.Chat, "forged text"u8, DateTimeOffset.UtcNow);
        var wire = GossipWire.EncodeEvents([forged], 0, out _);
        wire[^(NodeIdentity.SignatureLength + 1)] ^= 0x20;
        await bad.Stack.Network.EmitInputAsync(new NetworkIn.SendMessage(target.Id, new NodeMessage(ModuleNames.Gossip, wire)));
        await _mesh.WaitUntilAsync(() => target.Node.GossipStats.Forged >= 1, TimeSpan.FromSeconds(15), "the forged event was dropped as forged");

        // Malformed and oversized raw frames straight through the bad node's WebRTC broker.
        var random = new Random(11);
        for (var i = 0; i < 40; i++)
        {
            var garbage = new byte[i == 20 ? 200 * 1024 : random.Next(1, 300)];
            random.NextBytes(garbage);
            garbage[0] = (byte)(0xF0 | i);
            await bad.Stack.WebRtc.EmitInputAsync(new WebRtcIn.Send(target.Id, garbage));
        }

        await _mesh.WaitUntilAsync(() => disconnects.Contains(bad.Id), TimeSpan.FromSeconds(20), "the target disconnected the bad peer");
        Assert.True(target.Stack.Counters.GarbageDisconnects >= 1);
        Assert.True(target.Stack.Counters.MalformedFrames > 16);

        var id = await Mesh.PostAsync(good[^1], "still working");
        await _mesh.WaitUntilAsync(
            () => good.All(n => n.Node.HasChatEvent(id)) && Mesh.IsConnected(good),
            TimeSpan.FromSeconds(30),
            "the good nodes still gossip in one overlay");
        Assert.All(_mesh.Nodes, n => Assert.DoesNotContain(n.Node.ChatEvents, e => e.Id == forged.Id));
        output.WriteLine($"target: forged {target.Node.GossipStats.Forged}, malformed frames {target.Stack.Counters.MalformedFrames}, garbage disconnects {target.Stack.Counters.GarbageDisconnects}");
    }

    public async ValueTask DisposeAsync()
    {
        await _mesh.DisposeAsync();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
