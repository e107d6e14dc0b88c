using Fledger.Broker;
using Fledger.Broker.Testing;
using Fledger.Core.Identity;
using Fledger.Modules.Stat;
using Fledger.Net.WebRtc;
using Microsoft.Extensions.Time.Testing;

namespace Fledger.Modules.Tests.Stat;

public sealed class StatHandlerTests
{
    private static readonly NodeId Peer = NodeIdentity.Generate(new Random(1)).Id;
    private readonly FakeTimeProvider _time = new();
    private readonly ModuleProbe<StatIn, StatOut> _probe;

    public StatHandlerTests()
    {
        _probe = new ModuleProbe<StatIn, StatOut>(StatModule.Create(new StatOptions(), _time, brokerOptions: BrokerOptions.Manual));
    }

    [Fact]
    public async Task Tick_EverySecond_RequestsStatsEveryFiveSeconds()
    {
        for (var i = 0; i < 11; i++)
        {
            await _probe.SendAsync(new StatIn.Tick(_time.GetUtcNow()));
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(3, _probe.Take<StatOut.RequestStats>().Count);
    }

    [Fact]
    public async Task NetworkStats_WithoutTransportRtt_UsesPingRttAndCounters()
    {
        var stats = ConnectionStats.None with { Connection = PeerConnectionState.Connected, BytesSent = 100, BytesReceived = 50 };
        await _probe.SendAsync(
            new StatIn.PeerConnected(Peer),
            new StatIn.RoundTrip(Peer, TimeSpan.FromMilliseconds(40)),
            new StatIn.NetworkStats(new Dictionary<NodeId, ConnectionStats> { [Peer] = stats }));

        var peer = _probe.Take<StatOut.State>()[^1].Peers[Peer];
        Assert.Equal(TimeSpan.FromMilliseconds(40), peer.RoundTripTime);
        Assert.Equal((100, 50), (peer.Connection.BytesSent, peer.Connection.BytesReceived));
    }

    [Fact]
    public async Task PeerDisconnected_RemovesThePeer()
    {
        await _probe.SendAsync(new StatIn.PeerConnected(Peer), new StatIn.PeerDisconnected(Peer));

        Assert.Empty(_probe.Take<StatOut.State>()[^1].Peers);
    }
}
