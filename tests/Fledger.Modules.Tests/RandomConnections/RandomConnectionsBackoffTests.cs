using Fledger.Broker;
using Fledger.Broker.Testing;
using Fledger.Core.Identity;
using Fledger.Modules.RandomConnections;
using Microsoft.Extensions.Time.Testing;

namespace Fledger.Modules.Tests.RandomConnections;

/// <summary>The escalating retry back-off: min(RetryBackoff, FirstRetryBackoff × 2^(failures − 1)), reset on connect.</summary>
public sealed class RandomConnectionsBackoffTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly NodeInfo[] _nodes;

    public RandomConnectionsBackoffTests()
    {
        var random = new Random(1);
        _nodes = [.. Enumerable.Range(0, 4).Select(_ => NodeIdentity.Generate(random).CreateNodeInfo("n", ClientKind.Test))];
    }

    [Fact]
    public async Task Tick_RepeatedConnectTimeouts_RetryDoublesFromFiveSecondsToTheSixtySecondCap()
    {
        var probe = CreateProbe(new RandomConnectionsOptions());
        await probe.SendAsync(new RandomConnectionsIn.NodeList(_nodes[..2]));
        var peer = Assert.Single(probe.Take<RandomConnectionsOut.Connect>()).Peer;

        var gaps = new List<int>();
        for (var attempt = 0; attempt < 7; attempt++)
        {
            await TimeOutAsync(probe, peer);
            gaps.Add(await SecondsUntilDialAsync(probe, peer));
        }

        Assert.Equal([5, 10, 20, 40, 60, 60, 60], gaps);
    }

    [Fact]
    public async Task PeerConnected_AfterFailures_ResetsSoADisconnectRetriesAfterFirstBackoffThenEscalates()
    {
        var probe = CreateProbe(new RandomConnectionsOptions());
        var peer = await DialFailingTwiceAsync(probe);

        await probe.SendAsync(new RandomConnectionsIn.PeerConnected(peer));
        _time.Advance(TimeSpan.FromSeconds(30));
        await probe.SendAsync(new RandomConnectionsIn.PeerDisconnected(peer));
        probe.TakeOutputs();

        Assert.Equal(5, await SecondsUntilDialAsync(probe, peer));
        await TimeOutAsync(probe, peer);
        Assert.Equal(10, await SecondsUntilDialAsync(probe, peer));
    }

    [Fact]
    public async Task PeerFailed_ConnectedPeer_RetriesAfterFirstBackoff()
    {
        var probe = CreateProbe(new RandomConnectionsOptions());
        await probe.SendAsync(new RandomConnectionsIn.NodeList(_nodes[..2]));
        var peer = Assert.Single(probe.Take<RandomConnectionsOut.Connect>()).Peer;
        await probe.SendAsync(new RandomConnectionsIn.PeerConnected(peer));

        await probe.SendAsync(new RandomConnectionsIn.PeerFailed(peer));
        Assert.Equal(peer, Assert.Single(probe.Take<RandomConnectionsOut.Disconnect>()).Peer);
        probe.TakeOutputs();

        Assert.Equal(5, await SecondsUntilDialAsync(probe, peer));
    }

    [Fact]
    public async Task Tick_ChurnDrop_KeepsTheFullRetryBackoff()
    {
        var probe = CreateProbe(new RandomConnectionsOptions());
        await probe.SendAsync(new RandomConnectionsIn.NodeList(_nodes[..3]));
        await probe.SendAsync(new RandomConnectionsIn.PeerConnected(_nodes[1].Id), new RandomConnectionsIn.PeerConnected(_nodes[2].Id));
        probe.TakeOutputs();

        var dropped = default(NodeId);
        for (var i = 0; i < 5 * 60 && dropped == default; i++)
        {
            await TickAsync(probe);
            dropped = probe.Take<RandomConnectionsOut.Disconnect>().Select(d => d.Peer).SingleOrDefault();
        }

        Assert.NotEqual(default, dropped);
        probe.TakeOutputs();
        Assert.Equal(60, await SecondsUntilDialAsync(probe, dropped));
    }

    [Fact]
    public async Task Tick_KnownNodeExpires_ItsFailureCountIsForgotten()
    {
        var probe = CreateProbe(new RandomConnectionsOptions { KnownNodeExpiry = TimeSpan.FromSeconds(60) });
        var peer = await DialFailingTwiceAsync(probe);
        await TimeOutAsync(probe, peer); // third failure: 20 s back-off, during which the node expires

        for (var i = 0; i < 20; i++)
        {
            await TickAsync(probe);
        }

        Assert.Equal(0, probe.Take<RandomConnectionsOut.State>()[^1].KnownNodes);
        await probe.SendAsync(new RandomConnectionsIn.NodeList(_nodes[..2]));
        Assert.Equal(peer, Assert.Single(probe.Take<RandomConnectionsOut.Connect>()).Peer);
        await TimeOutAsync(probe, peer);
        Assert.Equal(5, await SecondsUntilDialAsync(probe, peer));
    }

    [Fact]
    public async Task NodeList_KnownNodeEvictedByMaxKnownNodes_ItsFailureCountIsForgotten()
    {
        var probe = CreateProbe(new RandomConnectionsOptions { MaxKnownNodes = 1 });
        await probe.SendAsync(new RandomConnectionsIn.NodeList(_nodes[..2]));
        var peer = Assert.Single(probe.Take<RandomConnectionsOut.Connect>()).Peer;
        await TimeOutAsync(probe, peer);
        Assert.Equal(5, await SecondsUntilDialAsync(probe, peer));
        await TimeOutAsync(probe, peer); // second failure: 10 s back-off

        _time.Advance(TimeSpan.FromSeconds(1));
        await probe.SendAsync(new RandomConnectionsIn.NodeList([_nodes[2]])); // evicts peer (least recently seen)
        Assert.Equal(_nodes[2].Id, Assert.Single(probe.Take<RandomConnectionsOut.Connect>()).Peer);
        _time.Advance(TimeSpan.FromSeconds(1));
        await probe.SendAsync(new RandomConnectionsIn.NodeList([_nodes[1]])); // evicts _nodes[2]
        await probe.SendAsync(new RandomConnectionsIn.PeerDisconnected(_nodes[2].Id)); // frees the dial slot
        probe.TakeOutputs();

        Assert.Equal(8, await SecondsUntilDialAsync(probe, peer)); // the 10 s back-off still runs out
        await TimeOutAsync(probe, peer);
        Assert.Equal(5, await SecondsUntilDialAsync(probe, peer)); // but the count started again
    }

    [Fact]
    public async Task Tick_Jitter_ShortensTheBackoffByAtMostTwentyPercent()
    {
        var probe = CreateProbe(new RandomConnectionsOptions(), jitter: 0.999);
        await probe.SendAsync(new RandomConnectionsIn.NodeList(_nodes[..2]));
        var peer = Assert.Single(probe.Take<RandomConnectionsOut.Connect>()).Peer;
        await TimeOutAsync(probe, peer);
        Assert.Equal(5, await SecondsUntilDialAsync(probe, peer)); // 4.0 s < back-off <= 5 s, seen on the 5th tick
        for (var i = 0; i < 4; i++)
        {
            await TimeOutAsync(probe, peer);
            await SecondsUntilDialAsync(probe, peer);
        }

        await TimeOutAsync(probe, peer);
        Assert.Equal(49, await SecondsUntilDialAsync(probe, peer)); // 60 s × (1 − 0.2 × 0.999) = 48.01 s, seen on the 49th tick
    }

    [Fact]
    public void Validate_FirstRetryBackoff_MustBeBetweenZeroAndRetryBackoff()
    {
        Assert.Empty(new RandomConnectionsOptions().Validate());
        Assert.Equal(TimeSpan.FromSeconds(5), new RandomConnectionsOptions().FirstRetryBackoff);
        Assert.Empty(new RandomConnectionsOptions { FirstRetryBackoff = TimeSpan.Zero }.Validate());
        Assert.Empty(new RandomConnectionsOptions { FirstRetryBackoff = TimeSpan.FromSeconds(60) }.Validate());
        Assert.Single(new RandomConnectionsOptions { FirstRetryBackoff = TimeSpan.FromSeconds(61) }.Validate());
        Assert.Single(new RandomConnectionsOptions { FirstRetryBackoff = TimeSpan.FromSeconds(-1) }.Validate());
        Assert.Single(new RandomConnectionsOptions { RetryBackoff = TimeSpan.FromSeconds(10), FirstRetryBackoff = TimeSpan.FromSeconds(11) }.Validate());
    }

    [Fact]
    public void FirstRetryBackoff_OnlyRetryBackoffSetBelowFiveSeconds_IsClampedToIt()
    {
        var options = new RandomConnectionsOptions { RetryBackoff = TimeSpan.FromSeconds(2) };

        Assert.Equal(TimeSpan.FromSeconds(2), options.FirstRetryBackoff);
        Assert.Empty(options.Validate());
        Assert.Equal(TimeSpan.FromSeconds(5), new RandomConnectionsOptions { RetryBackoff = TimeSpan.FromSeconds(20) }.FirstRetryBackoff);
    }

    private ModuleProbe<RandomConnectionsIn, RandomConnectionsOut> CreateProbe(RandomConnectionsOptions options, double jitter = 0)
        => new(RandomConnectionsModule.Create(_nodes[0].Id, options, _time, new FixedJitterRandom(jitter), brokerOptions: BrokerOptions.Manual));

    private async Task TickAsync(ModuleProbe<RandomConnectionsIn, RandomConnectionsOut> probe)
    {
        _time.Advance(TimeSpan.FromSeconds(1));
        await probe.SendAsync(new RandomConnectionsIn.Tick(_time.GetUtcNow()));
    }

    /// <summary>Ticks through the 10 s connect timeout of the pending dial to <paramref name="peer"/>.</summary>
    /// <summary>Offers two nodes, lets the dial of the one picked time out twice and checks the first two back-offs (5 s, 10 s).</summary>
    private async Task<NodeId> DialFailingTwiceAsync(ModuleProbe<RandomConnectionsIn, RandomConnectionsOut> probe)
    {
        await probe.SendAsync(new RandomConnectionsIn.NodeList(_nodes[..2]));
        var peer = Assert.Single(probe.Take<RandomConnectionsOut.Connect>()).Peer;
        await TimeOutAsync(probe, peer);
        Assert.Equal(5, await SecondsUntilDialAsync(probe, peer));
        await TimeOutAsync(probe, peer);
        Assert.Equal(10, await SecondsUntilDialAsync(probe, peer));
        return peer;
    }

    private async Task TimeOutAsync(ModuleProbe<RandomConnectionsIn, RandomConnectionsOut> probe, NodeId peer)
    {
        probe.TakeOutputs();
        for (var i = 0; i < 10; i++)
        {
            await TickAsync(probe);
        }

        Assert.Equal(peer, Assert.Single(probe.Take<RandomConnectionsOut.Disconnect>()).Peer);
        probe.TakeOutputs();
    }

    /// <summary>Ticks once a second until <paramref name="peer"/> is dialled again (at most 2 min); returns the seconds.</summary>
    private async Task<int> SecondsUntilDialAsync(ModuleProbe<RandomConnectionsIn, RandomConnectionsOut> probe, NodeId peer)
    {
        for (var seconds = 1; seconds <= 120; seconds++)
        {
            await TickAsync(probe);
            if (probe.Take<RandomConnectionsOut.Connect>().Any(c => c.Peer == peer))
            {
                return seconds;
            }
        }

        return -1;
    }

    /// <summary>A seeded random whose <see cref="NextDouble"/> is fixed, so the back-off jitter is known.</summary>
    private sealed class FixedJitterRandom(double value) : Random(2)
    {
        public override double NextDouble() => value;
    }
}
