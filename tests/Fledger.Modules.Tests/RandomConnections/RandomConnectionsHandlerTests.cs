using Fledger.Broker;
using Fledger.Broker.Testing;
using Fledger.Core.Identity;
using Fledger.Modules.RandomConnections;
using Microsoft.Extensions.Time.Testing;

namespace Fledger.Modules.Tests.RandomConnections;

public sealed class RandomConnectionsHandlerTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly NodeInfo[] _nodes;
    private readonly ModuleProbe<RandomConnectionsIn, RandomConnectionsOut> _probe;

    public RandomConnectionsHandlerTests()
    {
        var random = new Random(1);
        _nodes = [.. Enumerable.Range(0, 20).Select(_ => NodeIdentity.Generate(random).CreateNodeInfo("n", ClientKind.Test))];
        _probe = new ModuleProbe<RandomConnectionsIn, RandomConnectionsOut>(
            RandomConnectionsModule.Create(_nodes[0].Id, new RandomConnectionsOptions(), _time, new Random(2), brokerOptions: BrokerOptions.Manual));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(3, 3)]
    [InlineData(7, 4)]
    [InlineData(19, 6)]
    [InlineData(199, 8)]
    [InlineData(100_000, 8)]
    public void TargetDegree_KnownNodes_FollowsTheFormula(int known, int expected)
        => Assert.Equal(expected, new RandomConnectionsOptions().TargetDegree(known));

    [Fact]
    public async Task Tick_First_RequestsNodeList()
    {
        await _probe.SendAsync(new RandomConnectionsIn.Tick(_time.GetUtcNow()));

        Assert.Single(_probe.Take<RandomConnectionsOut.RequestNodeList>());
    }

    [Fact]
    public async Task NodeList_ThenTicks_DialsTargetDegreeDistinctPeersTwoPerSecond()
    {
        await _probe.SendAsync(new RandomConnectionsIn.NodeList(_nodes));
        Assert.Equal(2, _probe.Take<RandomConnectionsOut.Connect>().Count);
        for (var i = 0; i < 5; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await _probe.SendAsync(new RandomConnectionsIn.Tick(_time.GetUtcNow()));
        }

        var dialled = _probe.Take<RandomConnectionsOut.Connect>().Select(c => c.Peer).ToList();
        Assert.Equal(4, dialled.Count);
        Assert.DoesNotContain(_nodes[0].Id, dialled);
        Assert.Equal(6, _probe.Take<RandomConnectionsOut.State>()[^1].Connecting);
    }

    [Fact]
    public async Task PeerFailed_ConnectedPeer_DisconnectsAndDialsAReplacement()
    {
        await _probe.SendAsync(new RandomConnectionsIn.NodeList(_nodes[..3]));
        var first = _probe.Take<RandomConnectionsOut.Connect>().Select(c => c.Peer).ToArray();
        await _probe.SendAsync(new RandomConnectionsIn.PeerConnected(first[0]), new RandomConnectionsIn.PeerConnected(first[1]));
        await _probe.SendAsync(new RandomConnectionsIn.NodeList(_nodes));
        _probe.TakeOutputs();

        _time.Advance(TimeSpan.FromSeconds(1));
        await _probe.SendAsync(new RandomConnectionsIn.PeerFailed(first[0]));

        Assert.Equal(first[0], Assert.Single(_probe.Take<RandomConnectionsOut.Disconnect>()).Peer);
        var replacement = _probe.Take<RandomConnectionsOut.Connect>();
        Assert.NotEmpty(replacement);
        Assert.DoesNotContain(replacement, c => c.Peer == first[0]);
        Assert.DoesNotContain(first[0], _probe.Take<RandomConnectionsOut.State>()[^1].Connected);
    }

    [Fact]
    public async Task Tick_ConnectNeverOpens_GivesUpAfterTimeout()
    {
        await _probe.SendAsync(new RandomConnectionsIn.NodeList(_nodes[..2]));
        var peer = Assert.Single(_probe.Take<RandomConnectionsOut.Connect>()).Peer;

        _time.Advance(TimeSpan.FromSeconds(10));
        await _probe.SendAsync(new RandomConnectionsIn.Tick(_time.GetUtcNow()));

        Assert.Equal(peer, Assert.Single(_probe.Take<RandomConnectionsOut.Disconnect>()).Peer);
        Assert.Empty(_probe.Take<RandomConnectionsOut.Connect>());
    }

    [Fact]
    public async Task Tick_TooManyInboundConnections_DropsTheExcess()
    {
        await _probe.SendAsync(new RandomConnectionsIn.NodeList(_nodes[..4]));
        _probe.TakeOutputs();
        await _probe.SendAsync([.. _nodes[1..].Select(n => new RandomConnectionsIn.PeerConnected(n.Id))]);

        await _probe.SendAsync(new RandomConnectionsIn.Tick(_time.GetUtcNow()));

        var state = _probe.Take<RandomConnectionsOut.State>()[^1];
        Assert.Equal(2 * state.TargetDegree, state.Connected.Count);
        Assert.Equal(19 - state.Connected.Count, _probe.Take<RandomConnectionsOut.Disconnect>().Count);
    }

    [Fact]
    public async Task Tick_ChurnInterval_DropsOneRandomPeer()
    {
        await _probe.SendAsync(new RandomConnectionsIn.NodeList(_nodes[..3]));
        await _probe.SendAsync(new RandomConnectionsIn.PeerConnected(_nodes[1].Id), new RandomConnectionsIn.PeerConnected(_nodes[2].Id));
        _probe.TakeOutputs();

        for (var i = 0; i < 5 * 60; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await _probe.SendAsync(new RandomConnectionsIn.Tick(_time.GetUtcNow()));
        }

        Assert.NotEmpty(_probe.Take<RandomConnectionsOut.Disconnect>());
    }
}
