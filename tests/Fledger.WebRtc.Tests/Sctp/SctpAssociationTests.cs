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
}
