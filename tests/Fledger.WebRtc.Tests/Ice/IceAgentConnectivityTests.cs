using System.Threading.Channels;
using Fledger.WebRtc.Ice;
using static Fledger.WebRtc.Tests.Ice.IceTestHarness;

namespace Fledger.WebRtc.Tests.Ice;

public sealed class IceAgentConnectivityTests
{
    [Fact]
    public async Task TwoAgents_LoopbackCandidatesExchanged_ConnectAndCarryDtlsDatagramsBothWays()
    {
        await using var a = new IceAgent(LoopbackOptions(), IceRole.Controlling);
        await using var b = new IceAgent(LoopbackOptions(), IceRole.Controlled);
        TrickleCandidates(a, b);
        TrickleCandidates(b, a);
        var aDone = WaitForStateAsync(a, IceConnectionState.Completed);
        var bDone = WaitForStateAsync(b, IceConnectionState.Completed);
        ExchangeCredentials(a, b);
        await a.StartGatheringAsync();
        await b.StartGatheringAsync();
        await Task.WhenAll(aDone, bDone);

        Assert.Equal(IceRole.Controlling, a.Role);
        var pair = a.SelectedPair;
        Assert.NotNull(pair);
        Assert.True(pair.Nominated);
        Assert.Equal(IceCandidateType.Host, pair.LocalType);
        Assert.Equal(IceCandidateType.Host, pair.RemoteType);
        Assert.Equal(b.LocalEndPoint, pair.RemoteAddress);
        Assert.NotNull(pair.RoundTripTime);

        // A datagram sent before B has a receiver is buffered, then delivered on SetReceiver.
        await a.Transport.SendAsync(new byte[] { 22, 0xFE, 0xFD, 1 });
        var toB = Channel.CreateUnbounded<byte[]>();
        var toA = Channel.CreateUnbounded<byte[]>();
        Assert.Equal(4, a.GetStats().BytesSent);
        Assert.Equal(0, b.GetStats().BytesReceived); // counted on delivery, not while buffered
        b.Transport.SetReceiver(d => toB.Writer.TryWrite(d.ToArray()));
        a.Transport.SetReceiver(d => toA.Writer.TryWrite(d.ToArray()));
        Assert.Equal(new byte[] { 22, 0xFE, 0xFD, 1 }, await toB.Reader.ReadAsync().AsTask().WaitAsync(TestTimeout));

        await b.Transport.SendAsync(new byte[] { 22, 2, 3 });
        Assert.Equal(new byte[] { 22, 2, 3 }, await toA.Reader.ReadAsync().AsTask().WaitAsync(TestTimeout));

        // Outside the RFC 7983 ranges: dropped, not delivered.
        var droppedBefore = b.GetStats().DatagramsDropped;
        await a.Transport.SendAsync(new byte[] { 100, 1 });
        await a.Transport.SendAsync(new byte[] { 23, 9 });
        Assert.Equal(new byte[] { 23, 9 }, await toB.Reader.ReadAsync().AsTask().WaitAsync(TestTimeout));
        Assert.Equal(droppedBefore + 1, b.GetStats().DatagramsDropped);
        Assert.Equal(6, b.GetStats().BytesReceived);
        Assert.Equal(1200, a.Transport.MaxDatagramSize);
    }

    [Theory]
    [InlineData(IceRole.Controlled)]
    [InlineData(IceRole.Controlling)]
    public async Task Agent_RemoteCandidatesNeverArrive_ConnectsViaPeerReflexive(IceRole blindRole)
    {
        var otherRole = blindRole == IceRole.Controlled ? IceRole.Controlling : IceRole.Controlled;
        await using var blind = new IceAgent(LoopbackOptions(), blindRole);
        await using var other = new IceAgent(LoopbackOptions(), otherRole);
        TrickleCandidates(blind, other); // only the other side learns candidates, like mDNS-only browser candidates
        Assert.False(blind.AddRemoteCandidate(new IceCandidate
        {
            Foundation = "1", Priority = 2113937151, Address = "0f7b0e3c-6c2d-4bb8.local", Port = 5000, Type = IceCandidateType.Host,
        }));
        var blindDone = WaitForStateAsync(blind, IceConnectionState.Completed);
        var otherDone = WaitForStateAsync(other, IceConnectionState.Completed);
        ExchangeCredentials(blind, other);
        await blind.StartGatheringAsync();
        await other.StartGatheringAsync();
        await Task.WhenAll(blindDone, otherDone);

        var pair = blind.SelectedPair;
        Assert.NotNull(pair);
        Assert.True(pair.Nominated);
        Assert.Equal(IceCandidateType.PeerReflexive, pair.RemoteType);
        Assert.Equal(other.LocalEndPoint, pair.RemoteAddress);
        Assert.Equal(IceCandidateType.Host, other.SelectedPair!.RemoteType);
        Assert.Equal(blindRole, blind.Role);
    }

    [Theory]
    [InlineData(IceRole.Controlling)]
    [InlineData(IceRole.Controlled)]
    public async Task Agents_SameInitialRole_ResolveRoleConflictByTieBreakerAndConnect(IceRole role)
    {
        await using var a = new IceAgent(LoopbackOptions(), role);
        await using var b = new IceAgent(LoopbackOptions(), role);
        TrickleCandidates(a, b);
        TrickleCandidates(b, a);
        var aDone = WaitForStateAsync(a, IceConnectionState.Completed);
        var bDone = WaitForStateAsync(b, IceConnectionState.Completed);
        ExchangeCredentials(a, b);
        await a.StartGatheringAsync();
        await b.StartGatheringAsync();
        await Task.WhenAll(aDone, bDone);

        // RFC 8445 §7.3.1.1: the larger tie-breaker ends up controlling, whichever side detected the conflict.
        var (high, low) = a.TieBreaker > b.TieBreaker ? (a, b) : (b, a);
        Assert.Equal(IceRole.Controlling, high.Role);
        Assert.Equal(IceRole.Controlled, low.Role);
        Assert.Equal(a.SelectedPair!.RemoteAddress, b.LocalEndPoint);
        Assert.Equal(b.SelectedPair!.RemoteAddress, a.LocalEndPoint);
        Assert.True(a.SelectedPair.Nominated && b.SelectedPair.Nominated);
    }
}
