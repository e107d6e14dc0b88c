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
        await WaitUntilAsync(() => b.GetStats().BytesReceived == 0 && a.GetStats().BytesSent == 4);
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

    [Fact]
    public async Task Agent_RemoteCandidatesNeverArrive_ConnectsViaPeerReflexive()
    {
        await using var a = new IceAgent(LoopbackOptions(), IceRole.Controlling);
        await using var b = new IceAgent(LoopbackOptions(), IceRole.Controlled);
        TrickleCandidates(b, a); // A learns B's candidates; B gets none (like mDNS-only browser candidates).
        Assert.False(b.AddRemoteCandidate(new IceCandidate
        {
            Foundation = "1", Priority = 2113937151, Address = "0f7b0e3c-6c2d-4bb8.local", Port = 5000, Type = IceCandidateType.Host,
        }));
        var aDone = WaitForStateAsync(a, IceConnectionState.Completed);
        var bDone = WaitForStateAsync(b, IceConnectionState.Completed);
        ExchangeCredentials(a, b);
        await a.StartGatheringAsync();
        await b.StartGatheringAsync();
        await Task.WhenAll(aDone, bDone);

        var pair = b.SelectedPair;
        Assert.NotNull(pair);
        Assert.Equal(IceCandidateType.PeerReflexive, pair.RemoteType);
        Assert.Equal(a.LocalEndPoint, pair.RemoteAddress);
        Assert.Equal(IceCandidateType.Host, a.SelectedPair!.RemoteType);
    }

    [Fact]
    public async Task Agents_BothControlling_ResolveRoleConflictAndConnect()
    {
        await using var a = new IceAgent(LoopbackOptions(), IceRole.Controlling);
        await using var b = new IceAgent(LoopbackOptions(), IceRole.Controlling);
        TrickleCandidates(a, b);
        TrickleCandidates(b, a);
        var aDone = WaitForStateAsync(a, IceConnectionState.Completed);
        var bDone = WaitForStateAsync(b, IceConnectionState.Completed);
        ExchangeCredentials(a, b);
        await a.StartGatheringAsync();
        await b.StartGatheringAsync();
        await Task.WhenAll(aDone, bDone);

        Assert.NotEqual(a.Role, b.Role);
        // Resolved either by a 487 (higher tie-breaker keeps its role) or by the lower tie-breaker switching
        // on the first conflicting request it receives; both paths end with exactly one controlling agent.
        Assert.Equal(a.SelectedPair!.RemoteAddress, b.LocalEndPoint);
        Assert.Equal(b.SelectedPair!.RemoteAddress, a.LocalEndPoint);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        // Bounded: the condition is about state already reached synchronously (sends are synchronous).
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Yield();
        }

        Assert.True(condition());
    }
}
