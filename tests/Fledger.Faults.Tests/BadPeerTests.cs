using System.Collections.Concurrent;
using Fledger.Core.Identity;
using Fledger.Faults.Tests.Infrastructure;
using Fledger.Modules;
using Fledger.Modules.Gossip;
using Fledger.Net.Network;
using Fledger.Net.WebRtc;
using Xunit.Abstractions;

namespace Fledger.Faults.Tests;

/// <summary>A native node misbehaves towards one peer in three separate ways; each gets it disconnected.</summary>
public sealed class BadPeerTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly Mesh _mesh = new();
    private SignalServerHost? _server;

    /// <summary>What the bad node sends.</summary>
    public enum Misbehaviour
    {
        /// <summary>One correctly framed gossip event altered after signing.</summary>
        Forged,

        /// <summary>Random small frames with an unknown version byte, until disconnected.</summary>
        Malformed,

        /// <summary>One 200 KiB random frame (above <see cref="NetworkOptions.MaxReceiveFrameSize"/>).</summary>
        Oversized,
    }

    [Theory]
    [InlineData(Misbehaviour.Forged)]
    [InlineData(Misbehaviour.Malformed)]
    [InlineData(Misbehaviour.Oversized)]
    public async Task BadPeer_Misbehaving_IsDisconnectedAndTheOthersKeepWorking(Misbehaviour misbehaviour)
    {
        _server = await SignalServerHost.StartAsync();
        await _mesh.AddNativeAsync(_server.HubUri, 4, seed: 500 + (10 * (int)misbehaviour));
        await _mesh.WaitUntilAsync(
            () => _mesh.Nodes.All(n => n.Node.Connections.Count >= 1) && _mesh.IsOneOverlay()
                && _mesh.Nodes.Skip(1).Any(n => n.Node.Connections.Contains(_mesh.Nodes[0].Id)),
            TimeSpan.FromSeconds(60),
            "4 nodes in one overlay, with a peer that sees node 0 as connected");
        var bad = _mesh.Nodes[0];
        var target = _mesh.Nodes.First(n => n.Node.Connections.Contains(bad.Id));
        var good = _mesh.Nodes.Where(n => n != bad).ToList();
        var disconnects = new ConcurrentQueue<NodeId>();
        using var watch = target.Stack.Network.SubscribeOutputs(o =>
        {
            if (o is NetworkOut.Disconnected d)
            {
                disconnects.Enqueue(d.Peer);
            }
        });

        GossipEventId? forgedId = null;
        switch (misbehaviour)
        {
            case Misbehaviour.Forged:
                var forged = GossipEvent.Create(NodeIdentity.Generate(new Random(9)), GossipCategory.Chat, "forged text"u8, DateTimeOffset.UtcNow);
                forgedId = forged.Id;
                var wire = GossipWire.EncodeEvents([forged], 0, out _);
                wire[^(NodeIdentity.SignatureLength + 1)] ^= 0x20;
                await bad.Stack.Network.EmitInputAsync(new NetworkIn.SendMessage(target.Id, new NodeMessage(ModuleNames.Gossip, wire)));
                break;
            case Misbehaviour.Malformed:
                var random = new Random(11);
                for (var i = 0; i < 40; i++)
                {
                    var garbage = new byte[random.Next(1, 300)];
                    random.NextBytes(garbage);
                    garbage[0] = (byte)(0xF0 | (i & 0x0F));
                    await bad.Stack.WebRtc.EmitInputAsync(new WebRtcIn.Send(target.Id, garbage));
                }

                break;
            case Misbehaviour.Oversized:
                var big = new byte[200 * 1024];
                new Random(12).NextBytes(big);
                await bad.Stack.WebRtc.EmitInputAsync(new WebRtcIn.Send(target.Id, big));
                break;
        }

        var took = await _mesh.WaitUntilAsync(
            () => disconnects.Contains(bad.Id) && (misbehaviour != Misbehaviour.Forged || target.Node.GossipStats.Forged >= 1),
            TimeSpan.FromSeconds(20),
            "the target disconnected the bad peer");
        var counters = target.Stack.Counters;
        switch (misbehaviour)
        {
            case Misbehaviour.Forged:
                Assert.Equal(1, target.Node.GossipStats.Forged);
                Assert.Equal(0, counters.GarbageDisconnects);
                break;
            case Misbehaviour.Malformed:
                Assert.Equal(1, counters.GarbageDisconnects);
                Assert.Equal(NetworkOptions.Default.MaxMalformedFrames + 1, counters.MalformedFrames);
                break;
            case Misbehaviour.Oversized:
                Assert.Equal(1, counters.GarbageDisconnects);
                Assert.Equal(1, counters.MalformedFrames);
                break;
        }

        var id = await Mesh.PostAsync(good[^1], "still working");
        await _mesh.WaitUntilAsync(
            () => good.All(n => n.Node.HasChatEvent(id)) && Mesh.IsConnected(good),
            TimeSpan.FromSeconds(30),
            "the good nodes still gossip in one overlay");
        if (forgedId is { } forgedEvent)
        {
            Assert.All(_mesh.Nodes, n => Assert.DoesNotContain(n.Node.ChatEvents, e => e.Id == forgedEvent));
        }

        output.WriteLine(
            $"{misbehaviour}: disconnected after {took.TotalMilliseconds:0} ms; target forged {target.Node.GossipStats.Forged}, " +
            $"malformed frames {counters.MalformedFrames}, garbage disconnects {counters.GarbageDisconnects}");
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // xunit 2 calls IAsyncLifetime.DisposeAsync on a test class; it ignores IAsyncDisposable.
    public async Task DisposeAsync()
    {
        await _mesh.DisposeAsync();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
