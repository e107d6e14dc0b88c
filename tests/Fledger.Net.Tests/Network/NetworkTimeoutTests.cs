using Fledger.Net.Framing;
using Fledger.Net.Network;
using Fledger.Net.Testing;
using Fledger.Net.Tests.Support;
using Fledger.Net.WebRtc;
using Microsoft.Extensions.Time.Testing;

namespace Fledger.Net.Tests.Network;

public sealed class NetworkTimeoutTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new();
    private readonly InMemoryCluster _cluster;
    private readonly List<IDisposable> _recorders = [];

    public NetworkTimeoutTests()
    {
        var options = new NetworkOptions
        {
            SendTimeout = TimeSpan.FromSeconds(30),
            Reassembly = new FrameAssemblerOptions { ReassemblyTimeout = TimeSpan.FromSeconds(10) },
            WebRtc = new WebRtcOptions { ConnectTimeout = TimeSpan.FromSeconds(5) },
        };
        _cluster = new InMemoryCluster(_time, options: options);
    }

    [Fact]
    public async Task SendMessage_UnknownNode_FailsAfterTheConnectTimeout()
    {
        var a = await _cluster.AddNodeAsync("a");
        var recA = Record(a);
        var unknown = TestIds.Of(0x77);

        await a.Network.EmitInputAsync(new NetworkIn.SendMessage(unknown, new NodeMessage("test", new byte[] { 1 })));
        Assert.Empty(recA.Of<NetworkOut.SendFailed>());
        _time.Advance(TimeSpan.FromSeconds(6));

        await recA.WaitForAsync<NetworkOut.SendFailed>();
        Assert.Equal(new NetworkOut.SendFailed(unknown, "test", "timeout"), Assert.Single(recA.Of<NetworkOut.SendFailed>()));
        Assert.Equal(0, a.Stack.ConnectionCount);
    }

    [Fact]
    public async Task SendMessage_PartitionedNode_FailsAfterTheConnectTimeout()
    {
        var a = await _cluster.AddNodeAsync("a");
        var b = await _cluster.AddNodeAsync("b");
        var recA = Record(a);
        _cluster.WebRtc.Partition(a.Id, b.Id);

        await a.Network.EmitInputAsync(new NetworkIn.SendMessage(b.Id, new NodeMessage("one", new byte[] { 1 })));
        await a.Network.EmitInputAsync(new NetworkIn.SendMessage(b.Id, new NodeMessage("two", new byte[] { 2 })));
        _time.Advance(TimeSpan.FromSeconds(6));

        var failed = (await recA.WaitForAsync<NetworkOut.SendFailed>(count: 2)).OfType<NetworkOut.SendFailed>().ToArray();
        Assert.Equal(["one", "two"], failed.Select(f => f.Module));
        Assert.All(failed, f => Assert.Equal(b.Id, f.To));
    }

    [Fact]
    public async Task SendMessage_SendTimeoutBeforeConnectTimeout_FailsFromTheQueue()
    {
        var a = await _cluster.AddNodeAsync("a", new NetworkOptions
        {
            SendTimeout = TimeSpan.FromSeconds(2),
            WebRtc = new WebRtcOptions { ConnectTimeout = TimeSpan.FromSeconds(60) },
        });
        var recA = Record(a);

        await a.Network.EmitInputAsync(new NetworkIn.SendMessage(TestIds.Of(0x66), new NodeMessage("test", new byte[] { 1 })));
        _time.Advance(TimeSpan.FromSeconds(3));
        await a.Network.SettleAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("timeout", Assert.Single(recA.Of<NetworkOut.SendFailed>()).Reason);
        Assert.Equal(1, a.Stack.ConnectionCount);
    }

    [Fact]
    public async Task ChunkedMessage_NotCompletedInTime_IsDroppedAfterTheReassemblyTimeout()
    {
        var a = await _cluster.AddNodeAsync("a");
        var b = await _cluster.AddNodeAsync("b");
        var recB = Record(b);
        var framesB = new OutputRecorder<WebRtcIn, WebRtcOut>(b.Stack.WebRtc);
        _recorders.Add(framesB);
        a.Network.EnqueueInput(new NetworkIn.SendMessage(b.Id, new NodeMessage("hello", new byte[] { 1 })));
        await recB.WaitForAsync<NetworkOut.MessageReceived>();
        var chunks = FrameCodec.Encode(new NodeMessage("slow", new byte[40_000]), 4242, 16 * 1024);

        a.Stack.WebRtc.EnqueueInput(new WebRtcIn.Send(b.Id, chunks[0]));
        await framesB.WaitForAsync<WebRtcOut.MessageReceived>(count: 2);
        await b.Network.SettleAsync().WaitAsync(TimeSpan.FromSeconds(10));
        _time.Advance(TimeSpan.FromSeconds(12));
        await b.Network.SettleAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, b.Stack.Counters.ReassemblyExpired);

        a.Stack.WebRtc.EnqueueInput(new WebRtcIn.Send(b.Id, chunks[1]));
        a.Stack.WebRtc.EnqueueInput(new WebRtcIn.Send(b.Id, chunks[2]));
        await framesB.WaitForAsync<WebRtcOut.MessageReceived>(count: 4);
        await b.Network.SettleAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(2, b.Stack.Counters.MalformedFrames);
        Assert.Single(recB.Of<NetworkOut.MessageReceived>());
    }

    [Fact]
    public async Task SendMessage_ConnectionRefusedBelow_FailsThenRetriesOnTheNextSend()
    {
        var a = await _cluster.AddNodeAsync("a", new NetworkOptions { WebRtc = new WebRtcOptions { MaxConnections = 1 } });
        var b = await _cluster.AddNodeAsync("b");
        var c = await _cluster.AddNodeAsync("c");
        var recA = Record(a);
        var recC = Record(c);
        await a.Network.EmitInputAsync(new NetworkIn.Connect(b.Id));
        await recA.WaitForAsync<NetworkOut.Connected>();

        await a.Network.EmitInputAsync(new NetworkIn.SendMessage(c.Id, new NodeMessage("first", new byte[] { 1 })));
        _time.Advance(TimeSpan.FromSeconds(31));
        await a.Network.SettleAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(new NetworkOut.SendFailed(c.Id, "first", "timeout"), Assert.Single(recA.Of<NetworkOut.SendFailed>()));

        a.Network.EnqueueInput(new NetworkIn.Disconnect(b.Id));
        await recA.WaitForAsync<NetworkOut.Disconnected>();
        a.Network.EnqueueInput(new NetworkIn.SendMessage(c.Id, new NodeMessage("second", new byte[] { 2 })));

        var received = (await recC.WaitForAsync<NetworkOut.MessageReceived>()).OfType<NetworkOut.MessageReceived>().Single();
        Assert.Equal("second", received.Message.Module);
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
