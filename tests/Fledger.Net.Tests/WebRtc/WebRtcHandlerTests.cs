using Fledger.Broker;
using Fledger.Broker.Testing;
using Fledger.Core.Identity;
using Fledger.Net.Signaling;
using Fledger.Net.Tests.Support;
using Fledger.Net.WebRtc;
using Microsoft.Extensions.Time.Testing;

namespace Fledger.Net.Tests.WebRtc;

public sealed class WebRtcHandlerTests : IAsyncLifetime
{
    private static readonly NodeId Self = TestIds.Of(0x50);
    private static readonly NodeId Smaller = TestIds.Of(0x10);
    private static readonly NodeId Larger = TestIds.Of(0x90);
    private static readonly PeerSetup.Candidate RemoteCandidate = new("candidate:remote", "0", 0);

    private readonly FakeTimeProvider _time = new();
    private readonly FakePeerFactory _factory = new();
    private readonly Broker<WebRtcIn, WebRtcOut> _broker = new("webrtc", options: BrokerOptions.Manual);
    private readonly ModuleProbe<WebRtcIn, WebRtcOut> _probe;
    private readonly WebRtcHandler _handler;

    public WebRtcHandlerTests()
    {
        _handler = WebRtcHandler.Attach(_broker, Self, _factory, new WebRtcOptions { ConnectTimeout = TimeSpan.FromSeconds(5), MaxQueuedMessages = 3 }, _time);
        _probe = new ModuleProbe<WebRtcIn, WebRtcOut>(_broker);
    }

    [Fact]
    public async Task Connect_NewPeer_EmitsOfferThenTricklesLocalCandidates()
    {
        await _probe.SendAsync(new WebRtcIn.Connect(Larger));
        var local = new PeerSetup.Candidate("candidate:local", "0", 0);
        _factory.Last.Events.OnLocalCandidate(local);
        await _probe.SettleAsync();

        var setups = _probe.Take<WebRtcOut.SetupToSend>();
        Assert.Equal([new PeerSetup.Offer("offer-sdp"), local], setups.Select(s => s.Setup));
        Assert.All(setups, s => Assert.Equal(Larger, s.Peer));
        Assert.Equal(["offer"], _factory.Last.Calls);
    }

    [Fact]
    public async Task Connect_Twice_CreatesOnePeer()
    {
        await _probe.SendAsync(new WebRtcIn.Connect(Larger), new WebRtcIn.Connect(Larger));

        Assert.Single(_factory.Peers);
        Assert.Single(_probe.Take<WebRtcOut.SetupToSend>());
    }

    [Fact]
    public async Task SetupReceived_Offer_AcceptsItAndEmitsAnswer()
    {
        await _probe.SendAsync(new WebRtcIn.SetupReceived(Larger, new PeerSetup.Offer("remote-offer")));

        Assert.Equal(["accept-offer:remote-offer"], _factory.Last.Calls);
        var answer = Assert.Single(_probe.Take<WebRtcOut.SetupToSend>());
        Assert.Equal(new WebRtcOut.SetupToSend(Larger, new PeerSetup.Answer("answer-sdp")), answer);
    }

    [Fact]
    public async Task SetupReceived_CandidateBeforeAnswer_IsAppliedAfterTheAnswer()
    {
        await _probe.SendAsync(new WebRtcIn.Connect(Larger), new WebRtcIn.SetupReceived(Larger, RemoteCandidate));
        Assert.Equal(["offer"], _factory.Last.Calls);

        await _probe.SendAsync(new WebRtcIn.SetupReceived(Larger, new PeerSetup.Answer("remote-answer")));

        Assert.Equal(["offer", "accept-answer:remote-answer", "candidate:candidate:remote"], _factory.Last.Calls);
    }

    [Fact]
    public async Task Send_BeforeConnected_IsQueuedThenSentInOrder()
    {
        await _probe.SendAsync(
            new WebRtcIn.Send(Larger, new byte[] { 1 }),
            new WebRtcIn.Send(Larger, new byte[] { 2 }),
            new WebRtcIn.Send(Larger, new byte[] { 3 }));
        var peer = _factory.Last;
        Assert.Empty(peer.Sent);
        Assert.Contains(_probe.Outputs, o => o is WebRtcOut.SetupToSend { Setup: PeerSetup.Offer });

        peer.Events.OnStateChanged(PeerConnectionState.Connected);
        await _probe.SettleAsync();

        Assert.Single(_probe.Take<WebRtcOut.Connected>());
        var sent = await peer.WaitSentAsync(3);
        Assert.Equal([1, 2, 3], sent.Select(s => s[0]));
    }

    [Fact]
    public async Task Send_QueueFull_EmitsErrorAndDrops()
    {
        for (byte i = 0; i < 4; i++)
        {
            await _probe.SendAsync(new WebRtcIn.Send(Larger, new[] { i }));
        }

        var error = Assert.Single(_probe.Take<WebRtcOut.Error>());
        Assert.Equal("send queue full", error.Reason);
        _factory.Last.Events.OnStateChanged(PeerConnectionState.Connected);
        await _probe.SettleAsync();
        Assert.Equal([0, 1, 2], (await _factory.Last.WaitSentAsync(3)).Select(s => s[0]));
    }

    [Fact]
    public async Task Send_AbovePeersMaxMessageSize_EmitsErrorAndDrops()
    {
        await _probe.SendAsync(new WebRtcIn.Send(Larger, new byte[70_000]));

        Assert.Equal("message too large", Assert.Single(_probe.Take<WebRtcOut.Error>()).Reason);
        _factory.Last.Events.OnStateChanged(PeerConnectionState.Connected);
        await _probe.SettleAsync();
        Assert.Empty(_factory.Last.Sent);
    }

    [Fact]
    public async Task MessageFromPeer_IsEmittedAsMessageReceived()
    {
        await _probe.SendAsync(new WebRtcIn.Connect(Larger));
        _factory.Last.Events.OnStateChanged(PeerConnectionState.Connected);
        _factory.Last.Events.OnMessage(new byte[] { 7, 8 });
        await _probe.SettleAsync();

        var received = Assert.Single(_probe.Take<WebRtcOut.MessageReceived>());
        Assert.Equal(Larger, received.Peer);
        Assert.Equal([7, 8], received.Data.ToArray());
    }

    [Fact]
    public async Task ConnectTimeout_NotOpened_DisconnectsAndDisposesThePeer()
    {
        await _probe.SendAsync(new WebRtcIn.Connect(Larger));

        _time.Advance(TimeSpan.FromSeconds(6));
        await _probe.SettleAsync();

        Assert.Equal(new WebRtcOut.Disconnected(Larger, "timeout"), Assert.Single(_probe.Take<WebRtcOut.Disconnected>()));
        Assert.True(_factory.Last.Disposed);
        Assert.Equal(0, _handler.ConnectionCount);
    }

    [Fact]
    public async Task ConnectTimeout_AfterOpened_DoesNothing()
    {
        await _probe.SendAsync(new WebRtcIn.Connect(Larger));
        _factory.Last.Events.OnStateChanged(PeerConnectionState.Connected);
        await _probe.SettleAsync();

        _time.Advance(TimeSpan.FromSeconds(60));
        await _probe.SettleAsync();

        Assert.Empty(_probe.Take<WebRtcOut.Disconnected>());
        Assert.False(_factory.Last.Disposed);
    }

    [Fact]
    public async Task Disconnect_OpenConnection_DisposesPeerAndEmitsDisconnected()
    {
        await _probe.SendAsync(new WebRtcIn.Connect(Larger));
        _factory.Last.Events.OnStateChanged(PeerConnectionState.Connected);
        await _probe.SettleAsync();

        await _probe.SendAsync(new WebRtcIn.Disconnect(Larger));

        Assert.True(_factory.Last.Disposed);
        Assert.Single(_probe.Take<WebRtcOut.Disconnected>());
        Assert.Equal(0, _handler.ConnectionCount);
    }

    [Fact]
    public async Task PeerFailed_EmitsDisconnected()
    {
        await _probe.SendAsync(new WebRtcIn.Connect(Larger));
        _factory.Last.Events.OnStateChanged(PeerConnectionState.Connected);
        _factory.Last.Events.OnStateChanged(PeerConnectionState.Failed);
        await _probe.SettleAsync();

        Assert.Equal("failed", Assert.Single(_probe.Take<WebRtcOut.Disconnected>()).Reason);
        Assert.True(_factory.Last.Disposed);
    }

    [Fact]
    public async Task Glare_SelfSmaller_KeepsOwnOfferAndIgnoresTheirs()
    {
        await _probe.SendAsync(new WebRtcIn.Connect(Larger));
        _probe.TakeOutputs();

        await _probe.SendAsync(
            new WebRtcIn.SetupReceived(Larger, new PeerSetup.Offer("their-offer")),
            new WebRtcIn.SetupReceived(Larger, RemoteCandidate),
            new WebRtcIn.SetupReceived(Larger, new PeerSetup.Answer("their-answer")));

        var peer = Assert.Single(_factory.Peers);
        Assert.Equal(["offer", "accept-answer:their-answer"], peer.Calls);
        Assert.Empty(_probe.Take<WebRtcOut.SetupToSend>());
    }

    [Fact]
    public async Task Glare_SelfLarger_DropsOwnOfferAnswersTheirsAndKeepsQueuedSends()
    {
        await _probe.SendAsync(new WebRtcIn.Send(Smaller, new byte[] { 42 }));
        var first = _factory.Last;
        _probe.TakeOutputs();

        await _probe.SendAsync(new WebRtcIn.SetupReceived(Smaller, new PeerSetup.Offer("their-offer")));

        Assert.True(first.Disposed);
        var second = _factory.Last;
        Assert.NotSame(first, second);
        Assert.Equal(["accept-offer:their-offer"], second.Calls);
        Assert.Equal(new PeerSetup.Answer("answer-sdp"), Assert.Single(_probe.Take<WebRtcOut.SetupToSend>()).Setup);

        first.Events.OnStateChanged(PeerConnectionState.Failed);
        second.Events.OnStateChanged(PeerConnectionState.Connected);
        await _probe.SettleAsync();

        Assert.Empty(_probe.Take<WebRtcOut.Disconnected>());
        Assert.Single(_probe.Take<WebRtcOut.Connected>());
        Assert.Equal(42, Assert.Single(await second.WaitSentAsync(1))[0]);
    }

    [Fact]
    public async Task RequestStatus_KnownAndUnknownPeer_EmitsStatus()
    {
        await _probe.SendAsync(new WebRtcIn.Connect(Larger), new WebRtcIn.RequestStatus(Larger), new WebRtcIn.RequestStatus(Smaller));

        var statuses = _probe.Take<WebRtcOut.Status>();
        Assert.Equal(PeerConnectionState.Connected, statuses.Single(s => s.Peer == Larger).Stats.Connection);
        Assert.Equal(ConnectionStats.None, statuses.Single(s => s.Peer == Smaller).Stats);
    }

    [Fact]
    public async Task SetupReceived_OversizedOffer_IsRefused()
    {
        await _probe.SendAsync(new WebRtcIn.SetupReceived(Larger, new PeerSetup.Offer(new string('x', 70_000))));

        Assert.Empty(_factory.Peers);
        Assert.Single(_probe.Take<WebRtcOut.Error>());
    }

    /// <summary>Nothing to set up asynchronously.</summary>
    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Disposes what the test created (xunit 2 calls <see cref="IAsyncLifetime.DisposeAsync"/>, never <see cref="IAsyncDisposable"/>).</summary>
    public async Task DisposeAsync()
    {
        _probe.Dispose();
        await _broker.DisposeAsync();
        await _handler.DisposeAsync();
    }
}
