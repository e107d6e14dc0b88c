using System.Threading.Channels;
using Fledger.Broker;
using Fledger.Browser.Tests.Infrastructure;
using Fledger.Core.Identity;
using Fledger.Net.WebRtc;

namespace Fledger.Browser.Tests;

/// <summary>
/// The shared WebRtcHandler (Broker&lt;WebRtcIn, WebRtcOut&gt;) over Chromium peers: the broker contract with a
/// real browser WebRTC stack below it, setups relayed between the two brokers as signaling would.
/// </summary>
public sealed class WebRtcHandlerOverChromiumTests(MdnsOffBrowserFixture fixture)
    : IClassFixture<MdnsOffBrowserFixture>, IAsyncLifetime
{
    private static readonly NodeId A = NodeId.FromBytes(Enumerable.Repeat((byte)0x11, NodeId.ByteLength).ToArray());
    private static readonly NodeId B = NodeId.FromBytes(Enumerable.Repeat((byte)0x22, NodeId.ByteLength).ToArray());
    private readonly List<IAsyncDisposable> _disposables = [];
    private readonly List<IDisposable> _subscriptions = [];
    private readonly Dictionary<NodeId, Broker<WebRtcIn, WebRtcOut>> _brokers = [];

    [Fact]
    public async Task Send_ToUnconnectedNode_ConnectsAndDeliversInOrder()
    {
        var a = await NodeAsync(A);
        var b = await NodeAsync(B);

        for (var i = 0; i < 20; i++)
        {
            a.Broker.EnqueueInput(new WebRtcIn.Send(B, new[] { (byte)i, (byte)(i * 3) }));
        }

        await a.WaitAsync<WebRtcOut.Connected>();
        await b.WaitAsync<WebRtcOut.Connected>();
        var received = new List<WebRtcOut.MessageReceived>();
        for (var i = 0; i < 20; i++)
        {
            received.Add(await b.WaitAsync<WebRtcOut.MessageReceived>());
        }
        Assert.All(received, m => Assert.Equal(A, m.Peer));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (byte)i), received.Select(m => m.Data.Span[0]));
    }

    [Fact]
    public async Task RequestStatus_OpenConnection_ReportsChromiumStats()
    {
        var a = await NodeAsync(A);
        var b = await NodeAsync(B);
        a.Broker.EnqueueInput(new WebRtcIn.Send(B, new byte[] { 1, 2, 3 }));
        await b.WaitAsync<WebRtcOut.MessageReceived>();

        a.Broker.EnqueueInput(new WebRtcIn.RequestStatus(B));
        var status = await a.WaitAsync<WebRtcOut.Status>();

        Assert.Equal(PeerConnectionState.Connected, status.Stats.Connection);
        Assert.Equal(CandidateType.Host, status.Stats.LocalCandidate);
        Assert.Equal(DtlsState.Connected, status.Stats.Dtls);
        Assert.True(status.Stats.BytesSent >= 3, $"sent {status.Stats.BytesSent}");
    }

    [Fact]
    public async Task Disconnect_OneSide_OtherSideSeesDisconnected()
    {
        var a = await NodeAsync(A);
        var b = await NodeAsync(B);
        a.Broker.EnqueueInput(new WebRtcIn.Connect(B));
        await a.WaitAsync<WebRtcOut.Connected>();
        await b.WaitAsync<WebRtcOut.Connected>();

        a.Broker.EnqueueInput(new WebRtcIn.Disconnect(B));

        Assert.Equal(A, (await b.WaitAsync<WebRtcOut.Disconnected>()).Peer);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }
        foreach (var disposable in _disposables)
        {
            await disposable.DisposeAsync();
        }
    }

    private async Task<Node> NodeAsync(NodeId id)
    {
        var host = await ChromiumPeerHost.OpenAsync(fixture.Chromium, fixture.Site);
        var broker = new Broker<WebRtcIn, WebRtcOut>("webrtc-" + id.ToShortString());
        var handler = WebRtcHandler.Attach(broker, id, host);
        var outputs = Channel.CreateUnbounded<WebRtcOut>();
        _brokers[id] = broker;
        _subscriptions.Add(broker.SubscribeOutputs(output =>
        {
            outputs.Writer.TryWrite(output);
            if (output is WebRtcOut.SetupToSend setup && _brokers.TryGetValue(setup.Peer, out var target))
            {
                target.EnqueueInput(new WebRtcIn.SetupReceived(id, setup.Setup));
            }
        }));
        // Disposed in reverse order of need: the broker stops before its handler closes the peers, then the page.
        _disposables.Add(broker);
        _disposables.Add(handler);
        _disposables.Add(host);
        return new Node(broker, outputs.Reader);
    }

    private sealed record Node(Broker<WebRtcIn, WebRtcOut> Broker, ChannelReader<WebRtcOut> Outputs)
    {
        public async Task<T> WaitAsync<T>()
            where T : WebRtcOut
        {
            using var timeout = new CancellationTokenSource(WebRtcPagePair.StepTimeout);
            await foreach (var output in Outputs.ReadAllAsync(timeout.Token))
            {
                if (output is T match)
                {
                    return match;
                }
            }
            throw new InvalidOperationException("The broker's outputs ended.");
        }
    }
}
