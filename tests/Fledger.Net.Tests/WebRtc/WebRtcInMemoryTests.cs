using Fledger.Broker;
using Fledger.Core.Identity;
using Fledger.Net.Signaling;
using Fledger.Net.Testing;
using Fledger.Net.Tests.Support;
using Fledger.Net.WebRtc;

namespace Fledger.Net.Tests.WebRtc;

public sealed class WebRtcInMemoryTests : IAsyncLifetime
{
    private static readonly NodeId A = TestIds.Of(0x11);
    private static readonly NodeId B = TestIds.Of(0x22);

    private readonly InMemoryWebRtcNetwork _network = new();
    private readonly WebRtcRelay _relay = new();
    private readonly List<IAsyncDisposable> _disposables = [];

    [Fact]
    public async Task Connect_TwoNodes_OpenAndExchangeMessagesInOrder()
    {
        var (a, recA) = Node(A);
        var (b, recB) = Node(B);

        for (byte i = 0; i < 50; i++)
        {
            a.EnqueueInput(new WebRtcIn.Send(B, new[] { i }));
        }

        await recA.WaitForAsync<WebRtcOut.Connected>();
        await recB.WaitForAsync<WebRtcOut.Connected>();
        var received = await recB.WaitForAsync<WebRtcOut.MessageReceived>(count: 50);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (byte)i), received.OfType<WebRtcOut.MessageReceived>().Select(m => m.Data.Span[0]));
        Assert.All(received.OfType<WebRtcOut.MessageReceived>(), m => Assert.Equal(A, m.Peer));
        Assert.Equal(0, _network.CallbackErrors);
    }

    [Fact]
    public async Task Glare_BothConnectAtOnce_EndsWithExactlyOneConnection()
    {
        var (a, recA) = Node(A);
        var (b, recB) = Node(B);
        _relay.Hold();

        a.EnqueueInput(new WebRtcIn.Connect(B));
        b.EnqueueInput(new WebRtcIn.Connect(A));
        await _relay.WaitHeldAsync(4);
        _relay.Release();

        await recA.WaitForAsync<WebRtcOut.Connected>();
        await recB.WaitForAsync<WebRtcOut.Connected>();
        a.EnqueueInput(new WebRtcIn.Send(B, new byte[] { 1 }));
        b.EnqueueInput(new WebRtcIn.Send(A, new byte[] { 2 }));
        await recA.WaitForAsync<WebRtcOut.MessageReceived>();
        await recB.WaitForAsync<WebRtcOut.MessageReceived>();

        Assert.Single(recA.Of<WebRtcOut.Connected>());
        Assert.Single(recB.Of<WebRtcOut.Connected>());
        Assert.Empty(recA.Of<WebRtcOut.Disconnected>());
        Assert.Empty(recB.Of<WebRtcOut.Disconnected>());
        Assert.Equal(3, _network.PeersCreated);
        Assert.Equal(2, _network.LivePeerCount);
        Assert.Equal(2, _network.ConnectedPeerCount);
        var offers = recA.Of<WebRtcOut.SetupToSend>().Concat(recB.Of<WebRtcOut.SetupToSend>()).Count(s => s.Setup is PeerSetup.Offer);
        Assert.Equal(2, offers);
    }

    [Fact]
    public async Task Disconnect_OneSide_TheOtherSideSeesDisconnected()
    {
        var (a, recA) = Node(A);
        var (_, recB) = Node(B);
        a.EnqueueInput(new WebRtcIn.Connect(B));
        await recB.WaitForAsync<WebRtcOut.Connected>();
        await recA.WaitForAsync<WebRtcOut.Connected>();

        a.EnqueueInput(new WebRtcIn.Disconnect(B));

        await recB.WaitForAsync<WebRtcOut.Disconnected>();
        await recA.WaitForAsync<WebRtcOut.Disconnected>();
        Assert.Equal(0, _network.LivePeerCount);
    }

    [Fact]
    public async Task Partition_OpenConnection_BothSidesDisconnect()
    {
        var (a, recA) = Node(A);
        var (_, recB) = Node(B);
        a.EnqueueInput(new WebRtcIn.Connect(B));
        await recB.WaitForAsync<WebRtcOut.Connected>();
        await recA.WaitForAsync<WebRtcOut.Connected>();

        _network.Partition(A, B);

        Assert.Equal("failed", ((WebRtcOut.Disconnected)(await recA.WaitForAsync<WebRtcOut.Disconnected>()).OfType<WebRtcOut.Disconnected>().Single()).Reason);
        await recB.WaitForAsync<WebRtcOut.Disconnected>();
    }

    private (Broker<WebRtcIn, WebRtcOut> Broker, OutputRecorder<WebRtcIn, WebRtcOut> Recorder) Node(NodeId id)
    {
        var broker = new Broker<WebRtcIn, WebRtcOut>("webrtc-" + id.ToShortString());
        var recorder = new OutputRecorder<WebRtcIn, WebRtcOut>(broker);
        var handler = WebRtcHandler.Attach(broker, id, _network.CreateFactory(id));
        _relay.Add(id, broker);
        _disposables.Add(broker);
        _disposables.Add(handler);
        return (broker, recorder);
    }

    /// <summary>Nothing to set up asynchronously.</summary>
    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Disposes what the test created (xunit 2 calls <see cref="IAsyncLifetime.DisposeAsync"/>, never <see cref="IAsyncDisposable"/>).</summary>
    public async Task DisposeAsync()
    {
        _relay.Dispose();
        foreach (var disposable in _disposables)
        {
            await disposable.DisposeAsync();
        }
    }
}
