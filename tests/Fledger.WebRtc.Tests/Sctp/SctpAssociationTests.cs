using System.Collections.Concurrent;
using Fledger.WebRtc.Sctp;
using Fledger.WebRtc.Transport;

namespace Fledger.WebRtc.Tests.Sctp;

public sealed class SctpAssociationTests
{
    private static readonly TimeSpan Timeout = AssociationPair.Timeout;

    [Fact]
    public async Task ConnectAsync_BothSidesAtOnce_Establishes()
    {
        await using var pair = await AssociationPair.ConnectAsync();
        Assert.Equal(SctpAssociationState.Established, pair.A.State);
        Assert.Equal(SctpAssociationState.Established, pair.B.State);
        Assert.True(pair.A.PeerSupportsForwardTsn);
    }

    [Fact]
    public async Task ConnectAsync_InitsCrossOnADelayedLink_BothEstablishWithMatchingTags()
    {
        // With 30 ms one-way delay both INITs are in flight at once: the collision of RFC 9260 §5.2.1.
        await using var pair = await AssociationPair.ConnectAsync(new SimulatedLinkOptions { Delay = TimeSpan.FromMilliseconds(30), Seed = 4 });
        var got = new TaskCompletionSource<SctpMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        pair.A.MessageReceived += m => got.TrySetResult(m);
        Assert.True(pair.B.Send(2, 53, new byte[] { 9 }));
        Assert.Equal(2, (await got.Task.WaitAsync(Timeout)).StreamId);
    }

    [Fact]
    public async Task ConnectAsync_OneSideListens_Establishes()
    {
        await using var pair = AssociationPair.Create();
        pair.B.Start();
        await pair.A.ConnectAsync().WaitAsync(Timeout);
        await pair.B.Established.WaitAsync(Timeout);
        Assert.Equal(SctpAssociationState.Established, pair.B.State);
    }

    [Fact]
    public async Task ConnectAsync_LossyLink_EstablishesSimultaneously()
    {
        await using var pair = await AssociationPair.ConnectAsync(new SimulatedLinkOptions { LossRate = 0.3, Seed = 5 });
        Assert.Equal(SctpAssociationState.Established, pair.A.State);
    }

    [Fact]
    public async Task Send_SmallMessage_ArrivesWithPpidAndStream()
    {
        await using var pair = await AssociationPair.ConnectAsync();
        var got = new TaskCompletionSource<SctpMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        pair.B.MessageReceived += m => got.TrySetResult(m);
        Assert.True(pair.A.Send(3, 51, "hello"u8));
        var message = await got.Task.WaitAsync(Timeout);
        Assert.Equal(3, message.StreamId);
        Assert.Equal(51u, message.PayloadProtocolId);
        Assert.Equal("hello"u8.ToArray(), message.Data.ToArray());
    }

    [Fact]
    public async Task Abort_PeerSeesPeerAbort()
    {
        await using var pair = await AssociationPair.ConnectAsync();
        pair.A.Abort();
        await pair.B.Completion.WaitAsync(Timeout);
        Assert.Equal(SctpCloseReason.PeerAbort, pair.B.CloseReason);
        Assert.Equal(SctpCloseReason.LocalAbort, pair.A.CloseReason);
    }

    [Fact]
    public async Task ShutdownAsync_AfterData_DeliversEverythingAndClosesBothSides()
    {
        await using var pair = await AssociationPair.ConnectAsync(new SimulatedLinkOptions { LossRate = 0.05, Seed = 3 });
        var count = 0;
        pair.B.MessageReceived += _ => Interlocked.Increment(ref count);
        for (var i = 0; i < 200; i++)
        {
            Assert.True(pair.A.Send(1, 53, new byte[3000]));
        }

        await pair.Within(pair.A.ShutdownAsync());
        await pair.Within(pair.B.Completion);
        Assert.Equal(200, count);
        Assert.Equal(SctpCloseReason.Shutdown, pair.A.CloseReason);
        Assert.Equal(SctpCloseReason.Shutdown, pair.B.CloseReason);
    }

    [Fact]
    public async Task Send_PeerGone_AssociationTimesOut()
    {
        var options = AssociationPair.FastOptions with { MaxRetransmissions = 3 };
        await using var pair = await AssociationPair.ConnectAsync(options: options);
        pair.Link.IsPartitioned = true;
        Assert.True(pair.A.Send(1, 53, new byte[100]));
        await pair.A.Completion.WaitAsync(Timeout);
        Assert.Equal(SctpCloseReason.Timeout, pair.A.CloseReason);
    }

    [Fact]
    public async Task ResetStreams_PeerSeesIncomingResetAndSenderCompletes()
    {
        await using var pair = await AssociationPair.ConnectAsync();
        var incoming = new TaskCompletionSource<IReadOnlyList<ushort>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var outgoing = new TaskCompletionSource<IReadOnlyList<ushort>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var received = new ConcurrentQueue<SctpMessage>();
        pair.B.MessageReceived += received.Enqueue;
        pair.B.IncomingStreamsReset += s => incoming.TrySetResult(s);
        pair.A.OutgoingStreamsReset += s => outgoing.TrySetResult(s);
        Assert.True(pair.A.Send(4, 53, new byte[5000]));
        pair.A.ResetStreams([4]);
        Assert.Equal([(ushort)4], await incoming.Task.WaitAsync(Timeout));
        Assert.Equal([(ushort)4], await outgoing.Task.WaitAsync(Timeout));
        Assert.Single(received);
    }

    [Fact]
    public async Task Send_BeyondRemoteMaxMessageSize_Throws()
    {
        await using var pair = await AssociationPair.ConnectAsync();
        Assert.Equal(256 * 1024, pair.A.RemoteMaxMessageSize);
        Assert.True(pair.A.Send(1, 53, new byte[256 * 1024]));
        Assert.Throws<ArgumentException>(() => pair.A.Send(1, 53, new byte[(256 * 1024) + 1]));
        pair.A.RemoteMaxMessageSize = 1000;
        Assert.Throws<ArgumentException>(() => pair.A.Send(1, 53, new byte[1001]));
    }

    [Fact]
    public async Task Receive_MessageAboveLocalMaximum_IsDroppedAndLaterOnesArrive()
    {
        var small = AssociationPair.FastOptions with { MaxMessageSize = 4096 };
        await using var pair = AssociationPair.Create();
        await using var receiver = new SctpAssociation(pair.Link.B, small);
        var got = new ConcurrentQueue<int>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        receiver.MessageReceived += m =>
        {
            got.Enqueue(m.Data.Length);
            if (m.Data.Length == 100)
            {
                done.TrySetResult();
            }
        };
        await pair.Within(Task.WhenAll(pair.A.ConnectAsync(), receiver.ConnectAsync()));
        pair.A.RemoteMaxMessageSize = 1 << 20;
        Assert.True(pair.A.Send(1, 53, new byte[10_000]));
        Assert.True(pair.A.Send(1, 53, new byte[100]));
        await pair.Within(done.Task);
        Assert.Equal([100], got);
    }

    [Fact]
    public async Task Heartbeat_PeerSilentWhileIdle_AssociationTimesOut()
    {
        var options = AssociationPair.FastOptions with { HeartbeatInterval = TimeSpan.FromMilliseconds(20), MaxRetransmissions = 3 };
        await using var pair = await AssociationPair.ConnectAsync(options: options);
        pair.Link.IsPartitioned = true;
        await pair.Within(pair.A.Completion);
        Assert.Equal(SctpCloseReason.Timeout, pair.A.CloseReason);
    }

    [Fact]
    public async Task Heartbeat_PeerAnswers_AssociationStaysUp()
    {
        // A HEARTBEAT counts as an error unless its own ACK is back within interval + RTO (here ~70 ms), so the
        // association gives up only after MaxRetransmissions + 1 late ACKs in a row: with 2 (and a 10 ms interval)
        // three ACKs delayed ~30 ms each by a loaded machine's scheduler were enough to abort it.
        const int maxRetransmissions = 6;
        var options = AssociationPair.FastOptions with { HeartbeatInterval = TimeSpan.FromMilliseconds(50), MaxRetransmissions = maxRetransmissions };
        await using var pair = await AssociationPair.ConnectAsync(options: options);
        var before = pair.B.GetStatistics().PacketsReceived;

        // An idle association sends one HEARTBEAT per interval + RTO (RFC 9260 8.3) from each side, so B receives A's
        // HEARTBEATs and A's ACKs of B's: wait, bounded, until more heartbeats than MaxRetransmissions + 1 have flowed
        // (without ACKs resetting the error count A would have aborted by then), then check nobody gave up meanwhile.
        var expected = before + (2 * (maxRetransmissions + 2));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        while (pair.B.GetStatistics().PacketsReceived <= expected && !pair.A.Completion.IsCompleted && DateTime.UtcNow < deadline)
        {
            await tick.WaitForNextTickAsync();
        }

        Assert.True(pair.B.GetStatistics().PacketsReceived > expected, "heartbeats flowed");
        Assert.Equal(SctpAssociationState.Established, pair.A.State);
        Assert.Equal(SctpAssociationState.Established, pair.B.State);
    }

    [Fact]
    public async Task ShutdownAsync_NeverStarted_ClosesAtOnce()
    {
        await using var pair = AssociationPair.Create();
        await pair.Within(pair.A.ShutdownAsync());
        Assert.Equal(SctpAssociationState.Closed, pair.A.State);
        Assert.False(pair.A.Send(1, 53, new byte[1]));
        await Assert.ThrowsAsync<InvalidOperationException>(() => pair.A.Established.WaitAsync(Timeout));
    }
}
