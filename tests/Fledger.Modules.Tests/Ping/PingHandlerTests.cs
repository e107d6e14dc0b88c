using Fledger.Broker;
using Fledger.Broker.Testing;
using Fledger.Core.Identity;
using Fledger.Modules.Ping;
using Microsoft.Extensions.Time.Testing;

namespace Fledger.Modules.Tests.Ping;

public sealed class PingHandlerTests
{
    private static readonly NodeId Peer = NodeIdentity.Generate(new Random(1)).Id;
    private readonly FakeTimeProvider _time = new();
    private readonly ModuleProbe<PingIn, PingOut> _probe;

    public PingHandlerTests()
    {
        _probe = new ModuleProbe<PingIn, PingOut>(PingModule.Create(new PingOptions(), _time, new Random(2), brokerOptions: BrokerOptions.Manual));
    }

    [Fact]
    public async Task Tick_ConnectedPeer_SendsPing()
    {
        await _probe.SendAsync(new PingIn.PeerConnected(Peer), new PingIn.Tick(_time.GetUtcNow()));

        var send = Assert.Single(_probe.Take<PingOut.Send>());
        Assert.Equal(Peer, send.To);
        Assert.True(PingWire.TryDecode(send.Payload.Span, out var kind, out _, out _));
        Assert.Equal(PingKind.Ping, kind);
    }

    [Fact]
    public async Task Received_Ping_AnswersPongWithSameNonce()
    {
        await _probe.SendAsync(new PingIn.Received(Peer, PingWire.Encode(PingKind.Ping, 42)));

        var send = Assert.Single(_probe.Take<PingOut.Send>());
        Assert.True(PingWire.TryDecode(send.Payload.Span, out var kind, out var nonce, out _));
        Assert.Equal((PingKind.Pong, 42UL), (kind, nonce));
    }

    [Fact]
    public async Task Received_MatchingPong_ReportsRoundTrip()
    {
        await _probe.SendAsync(new PingIn.PeerConnected(Peer), new PingIn.Tick(_time.GetUtcNow()));
        PingWire.TryDecode(_probe.Take<PingOut.Send>()[0].Payload.Span, out _, out var nonce, out _);
        _time.Advance(TimeSpan.FromMilliseconds(30));

        await _probe.SendAsync(new PingIn.Received(Peer, PingWire.Encode(PingKind.Pong, nonce)));

        Assert.Equal(TimeSpan.FromMilliseconds(30), Assert.Single(_probe.Take<PingOut.RoundTrip>()).Rtt);
        Assert.Equal(TimeSpan.FromMilliseconds(30), _probe.Take<PingOut.State>()[^1].Peers[Peer].LastRtt ?? TimeSpan.Zero);
    }

    [Fact]
    public async Task Tick_PeerSilentFor15Seconds_ReportsFailureOnce()
    {
        await _probe.SendAsync(new PingIn.PeerConnected(Peer));
        for (var i = 1; i <= 20; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await _probe.SendAsync(new PingIn.Tick(_time.GetUtcNow()));
            Assert.Equal(i >= 15 ? 1 : 0, _probe.Outputs.OfType<PingOut.PeerFailed>().Count());
        }

        Assert.Equal(3, _probe.Take<PingOut.Send>().Count);
    }

    [Fact]
    public async Task Received_MalformedPayload_IsDroppedWithoutOutput()
    {
        await _probe.SendAsync(new PingIn.Received(Peer, new byte[] { 1, 1, 0 }), new PingIn.Received(Peer, new byte[] { 2, 1, 0, 0, 0, 0, 0, 0, 0, 0 }));

        Assert.Empty(_probe.TakeOutputs());
    }

    [Fact]
    public void TryDecode_RandomBytes_NeverThrows()
    {
        var random = new Random(3);
        for (var i = 0; i < 2000; i++)
        {
            var bytes = new byte[random.Next(0, 14)];
            random.NextBytes(bytes);
            if (PingWire.TryDecode(bytes, out var kind, out var nonce, out _))
            {
                Assert.Equal(bytes, PingWire.Encode(kind, nonce));
            }
        }
    }
}
