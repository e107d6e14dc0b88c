using Fledger.Broker;
using Fledger.Core.Identity;
using Fledger.Net.Network;
using Fledger.Net.Testing;
using Fledger.Net.Tests.Support;
using Fledger.Net.WebRtc;

namespace Fledger.Net.Tests.Network;

public sealed class NetworkStackTests : IAsyncLifetime
{
    private readonly InMemoryCluster _cluster = new();
    private readonly List<IDisposable> _recorders = [];

    [Fact]
    public async Task SendMessage_TwoNodes_ConnectsOnDemandAndDeliversInOrder()
    {
        var a = await _cluster.AddNodeAsync("a");
        var b = await _cluster.AddNodeAsync("b");
        var recA = Record(a);
        var recB = Record(b);

        for (byte i = 0; i < 20; i++)
        {
            a.Network.EnqueueInput(new NetworkIn.SendMessage(b.Id, new NodeMessage("test", new[] { i })));
        }

        var received = (await recB.WaitForAsync<NetworkOut.MessageReceived>(count: 20)).OfType<NetworkOut.MessageReceived>().ToArray();
        Assert.All(received, m => Assert.Equal(a.Id, m.From));
        Assert.All(received, m => Assert.Equal("test", m.Message.Module));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (byte)i), received.Select(m => m.Message.Payload.Span[0]));
        await recA.WaitForAsync<NetworkOut.Connected>(c => c.Peer == b.Id);
        await recB.WaitForAsync<NetworkOut.Connected>(c => c.Peer == a.Id);
        Assert.Equal(20, a.Stack.Counters.MessagesSent);
        Assert.Equal(20, b.Stack.Counters.MessagesReceived);
    }

    [Fact]
    public async Task SendMessage_FiveNodesAllPairs_EveryMessageReachesItsNode()
    {
        var nodes = new List<InMemoryNode>();
        for (var i = 0; i < 5; i++)
        {
            nodes.Add(await _cluster.AddNodeAsync("n" + i));
        }

        var recorders = nodes.Select(Record).ToArray();
        foreach (var from in nodes)
        {
            foreach (var to in nodes.Where(n => n != from))
            {
                from.Network.EnqueueInput(new NetworkIn.SendMessage(to.Id, new NodeMessage("hello", from.Id.ToArray())));
            }
        }

        for (var i = 0; i < nodes.Count; i++)
        {
            var received = (await recorders[i].WaitForAsync<NetworkOut.MessageReceived>(count: 4)).OfType<NetworkOut.MessageReceived>().ToArray();
            Assert.Equal(4, received.Length);
            Assert.All(received, m => Assert.Equal(m.From, NodeId.FromBytes(m.Message.Payload.Span)));
            Assert.Equal(nodes.Where(n => n != nodes[i]).Select(n => n.Id).OrderBy(x => x), received.Select(m => m.From).OrderBy(x => x));
        }

        Assert.Equal(20, _cluster.WebRtc.ConnectedPeerCount);
        Assert.Equal(0, _cluster.WebRtc.CallbackErrors);
    }

    [Fact]
    public async Task SendMessage_BurstAboveTheWebRtcQueue_IsFlowControlledWithoutLoss()
    {
        var options = new NetworkOptions
        {
            SendWindowFrames = 16,
            MaxPendingMessages = 5000,
            Reassembly = new() { MaxMessageSize = 64 * 1024 },
            WebRtc = new WebRtcOptions { MaxQueuedMessages = 64 },
        };
        var a = await _cluster.AddNodeAsync("a", options);
        var b = await _cluster.AddNodeAsync("b", options);
        var recA = Record(a);
        var recB = Record(b);
        var webRtcA = new OutputRecorder<WebRtcIn, WebRtcOut>(a.Stack.WebRtc);
        _recorders.Add(webRtcA);

        for (var i = 0; i < 3000; i++)
        {
            a.Network.EnqueueInput(new NetworkIn.SendMessage(b.Id, new NodeMessage("burst", BitConverter.GetBytes(i))));
        }

        var received = (await recB.WaitForAsync<NetworkOut.MessageReceived>(count: 3000, timeout: TimeSpan.FromSeconds(30)))
            .OfType<NetworkOut.MessageReceived>().Select(m => BitConverter.ToInt32(m.Message.Payload.Span)).ToArray();
        Assert.Equal(Enumerable.Range(0, 3000), received);
        Assert.Empty(recA.Of<NetworkOut.SendFailed>());
        Assert.Empty(webRtcA.Of<WebRtcOut.Error>());
    }

    [Fact]
    public async Task SendMessage_OneMiB_IsChunkedAndReassembled()
    {
        var a = await _cluster.AddNodeAsync("a");
        var b = await _cluster.AddNodeAsync("b");
        var recB = Record(b);
        var payload = new byte[1024 * 1024];
        new Random(3).NextBytes(payload);

        a.Network.EnqueueInput(new NetworkIn.SendMessage(b.Id, new NodeMessage("blob", payload)));

        var received = (await recB.WaitForAsync<NetworkOut.MessageReceived>()).OfType<NetworkOut.MessageReceived>().Single();
        Assert.Equal(payload, received.Message.Payload.ToArray());
        Assert.Equal(65, a.Stack.Counters.FramesSent);
        Assert.Equal(65, b.Stack.Counters.FramesReceived);
    }

    [Fact]
    public async Task SendMessage_AboveTheSizeCap_FailsAtOnce()
    {
        var a = await _cluster.AddNodeAsync("a");
        var b = await _cluster.AddNodeAsync("b");
        var recA = Record(a);

        await a.Network.EmitInputAsync(new NetworkIn.SendMessage(b.Id, new NodeMessage("blob", new byte[5 * 1024 * 1024])));

        var failed = Assert.Single(recA.Of<NetworkOut.SendFailed>());
        Assert.Equal(new NetworkOut.SendFailed(b.Id, "blob", "message too large"), failed);
    }

    [Fact]
    public async Task ReceivedMessage_AboveReceiversCap_IsDroppedAndCounted()
    {
        var a = await _cluster.AddNodeAsync("a");
        var small = new NetworkOptions { Reassembly = new() { MaxMessageSize = 64 * 1024 } };
        var b = await _cluster.AddNodeAsync("b", small);
        var recB = Record(b);

        a.Network.EnqueueInput(new NetworkIn.SendMessage(b.Id, new NodeMessage("big", new byte[100 * 1024])));
        a.Network.EnqueueInput(new NetworkIn.SendMessage(b.Id, new NodeMessage("small", new byte[10])));

        var received = (await recB.WaitForAsync<NetworkOut.MessageReceived>()).OfType<NetworkOut.MessageReceived>().Single();
        Assert.Equal("small", received.Message.Module);
        Assert.Equal(7, b.Stack.Counters.MalformedFrames);
        Assert.Equal(1, b.Stack.Counters.MessagesReceived);
    }

    [Fact]
    public async Task GarbageFrames_AreDroppedCountedAndTheSenderIsDisconnected()
    {
        var a = await _cluster.AddNodeAsync("a");
        var b = await _cluster.AddNodeAsync("b", new NetworkOptions { MaxMalformedFrames = 3 });
        var recA = Record(a);
        var recB = Record(b);
        a.Network.EnqueueInput(new NetworkIn.SendMessage(b.Id, new NodeMessage("ok", new byte[] { 1 })));
        await recB.WaitForAsync<NetworkOut.MessageReceived>();

        for (var i = 0; i < 4; i++)
        {
            a.Stack.WebRtc.EnqueueInput(new WebRtcIn.Send(b.Id, new byte[] { 9, 9, 9, (byte)i }));
        }

        await recB.WaitForAsync<NetworkOut.Disconnected>(d => d.Peer == a.Id);
        await recA.WaitForAsync<NetworkOut.Disconnected>(d => d.Peer == b.Id);
        Assert.Equal(4, b.Stack.Counters.MalformedFrames);
        Assert.Equal(1, b.Stack.Counters.GarbageDisconnects);
        Assert.Single(recB.Of<NetworkOut.MessageReceived>());
    }

    [Fact]
    public async Task OversizedFrame_AloneDisconnectsTheSender()
    {
        var a = await _cluster.AddNodeAsync("a");
        var b = await _cluster.AddNodeAsync("b");
        var recA = Record(a);
        var recB = Record(b);
        a.Network.EnqueueInput(new NetworkIn.SendMessage(b.Id, new NodeMessage("ok", new byte[] { 1 })));
        await recB.WaitForAsync<NetworkOut.MessageReceived>();

        a.Stack.WebRtc.EnqueueInput(new WebRtcIn.Send(b.Id, new byte[NetworkOptions.Default.MaxReceiveFrameSize + 1]));

        await recB.WaitForAsync<NetworkOut.Disconnected>(d => d.Peer == a.Id);
        await recA.WaitForAsync<NetworkOut.Disconnected>(d => d.Peer == b.Id);
        Assert.Equal(1, b.Stack.Counters.MalformedFrames);
        Assert.Equal(1, b.Stack.Counters.GarbageDisconnects);
    }

    [Fact]
    public async Task GarbageFrames_BeyondTheLimit_DisconnectOnceAndAreNotCountedAgain()
    {
        var a = await _cluster.AddNodeAsync("a");
        var b = await _cluster.AddNodeAsync("b", new NetworkOptions { MaxMalformedFrames = 1 });
        var recB = Record(b);
        a.Network.EnqueueInput(new NetworkIn.SendMessage(b.Id, new NodeMessage("ok", new byte[] { 1 })));
        await recB.WaitForAsync<NetworkOut.MessageReceived>();

        for (var i = 0; i < 10; i++)
        {
            a.Stack.WebRtc.EnqueueInput(new WebRtcIn.Send(b.Id, new byte[] { 9, 9, 9, (byte)i }));
        }

        await recB.WaitForAsync<NetworkOut.Disconnected>(d => d.Peer == a.Id);
        Assert.Equal(1, b.Stack.Counters.GarbageDisconnects);
        Assert.InRange(b.Stack.Counters.MalformedFrames, 2, 2);
    }

    [Fact]
    public async Task RequestNodeList_ReturnsTheOtherNodes()
    {
        var a = await _cluster.AddNodeAsync("a");
        var b = await _cluster.AddNodeAsync("b");
        var c = await _cluster.AddNodeAsync("c");
        var recA = Record(a);

        a.Network.EnqueueInput(new NetworkIn.RequestNodeList());

        var list = (await recA.WaitForAsync<NetworkOut.NodeList>(l => l.Nodes.Count == 2)).OfType<NetworkOut.NodeList>().Last(l => l.Nodes.Count == 2);
        Assert.Equal(new[] { b.Id, c.Id }.OrderBy(x => x), list.Nodes.Select(n => n.Id).OrderBy(x => x));
    }

    [Fact]
    public async Task NodeJoined_IsReportedAsNodeList()
    {
        var a = await _cluster.AddNodeAsync("a");
        var recA = Record(a);

        var b = await _cluster.AddNodeAsync("b");

        var list = (await recA.WaitForAsync<NetworkOut.NodeList>()).OfType<NetworkOut.NodeList>().Single();
        Assert.Equal(b.Id, Assert.Single(list.Nodes).Id);
    }

    [Fact]
    public async Task SignalingDisconnect_EmitsSignalingChanged()
    {
        var a = await _cluster.AddNodeAsync("a");
        var recA = Record(a);

        a.Signal.EnqueueInput(new Fledger.Net.Signaling.SignalIn.Disconnect());
        await recA.WaitForAsync<NetworkOut.SignalingChanged>(s => !s.IsConnected);
        a.Signal.EnqueueInput(new Fledger.Net.Signaling.SignalIn.Connect());
        await recA.WaitForAsync<NetworkOut.SignalingChanged>(s => s.IsConnected);
    }

    [Fact]
    public async Task RequestStats_ConnectedPeer_ReportsItsStats()
    {
        var a = await _cluster.AddNodeAsync("a");
        var b = await _cluster.AddNodeAsync("b");
        var recA = Record(a);
        a.Network.EnqueueInput(new NetworkIn.Connect(b.Id));
        await recA.WaitForAsync<NetworkOut.Connected>();

        a.Network.EnqueueInput(new NetworkIn.RequestStats());

        var stats = (await recA.WaitForAsync<NetworkOut.Stats>()).OfType<NetworkOut.Stats>().Single();
        Assert.Equal(PeerConnectionState.Connected, stats.Connections[b.Id].Connection);
    }

    [Fact]
    public async Task Disconnect_ClosesBothSides()
    {
        var a = await _cluster.AddNodeAsync("a");
        var b = await _cluster.AddNodeAsync("b");
        var recA = Record(a);
        var recB = Record(b);
        a.Network.EnqueueInput(new NetworkIn.Connect(b.Id));
        await recB.WaitForAsync<NetworkOut.Connected>();

        a.Network.EnqueueInput(new NetworkIn.Disconnect(b.Id));

        await recA.WaitForAsync<NetworkOut.Disconnected>();
        await recB.WaitForAsync<NetworkOut.Disconnected>();
        Assert.Equal(0, a.Stack.ConnectionCount);
    }

    private OutputRecorder<NetworkIn, NetworkOut> Record(InMemoryNode node)
    {
        var recorder = new OutputRecorder<NetworkIn, NetworkOut>(node.Network);
        _recorders.Add(recorder);
        return recorder;
    }

    /// <summary>Nothing to set up asynchronously.</summary>
    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Disposes what the test created (xunit 2 calls <see cref="IAsyncLifetime.DisposeAsync"/>, never <see cref="IAsyncDisposable"/>).</summary>
    public async Task DisposeAsync()
    {
        foreach (var recorder in _recorders)
        {
            recorder.Dispose();
        }

        await _cluster.DisposeAsync();
    }
}
