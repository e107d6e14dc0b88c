using System.Collections.Concurrent;
using Fledger.WebRtc.DataChannels;
using Fledger.WebRtc.Tests.Sctp;
using Fledger.WebRtc.Transport;

namespace Fledger.WebRtc.Tests.DataChannels;

public sealed class DataChannelTests
{
    [Fact]
    public async Task CreateDataChannel_FromEitherSide_OpensOnBothWithLabelAndParity()
    {
        await using var pair = await ChannelPair.ConnectAsync();
        var (a, b) = await pair.OpenAsync("from-a", new RtcDataChannelInit { Protocol = "p1" });
        var (c, d) = await pair.OpenAsync("from-b", fromB: true);
        Assert.Equal(RtcDataChannelState.Open, a.ReadyState);
        Assert.Equal(RtcDataChannelState.Open, b.ReadyState);
        Assert.Equal("from-a", b.Label);
        Assert.Equal("p1", b.Protocol);
        Assert.Equal(a.Id, b.Id);
        Assert.Equal(0, a.Id % 2);
        Assert.Equal(1, c.Id % 2);
        Assert.Equal(c.Id, d.Id);
        Assert.Equal("from-b", d.Label);
    }

    [Fact]
    public async Task Send_TextBinaryAndEmpty_ArriveWithKinds()
    {
        await using var pair = await ChannelPair.ConnectAsync();
        var (a, b) = await pair.OpenAsync("kinds");
        var received = new ConcurrentQueue<DataChannelMessage>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        b.MessageReceived += (_, m) =>
        {
            received.Enqueue(m);
            if (received.Count == 4)
            {
                done.TrySetResult();
            }
        };
        a.Send("héllo");
        a.Send(string.Empty);
        a.Send(new byte[] { 1, 2, 3 });
        a.Send(ReadOnlySpan<byte>.Empty);
        await pair.Associations.Within(done.Task);
        var list = received.ToList();
        Assert.True(list[0].IsText);
        Assert.Equal("héllo", list[0].Text);
        Assert.True(list[1].IsText);
        Assert.Equal(0, list[1].Data.Length);
        Assert.False(list[2].IsText);
        Assert.Equal(new byte[] { 1, 2, 3 }, list[2].Data.ToArray());
        Assert.False(list[3].IsText);
        Assert.Equal(0, list[3].Data.Length);
    }

    [Fact]
    public async Task CreateDataChannel_Negotiated_OpensWithoutDcepOnBothSides()
    {
        await using var pair = await ChannelPair.ConnectAsync();
        var opened = false;
        pair.B.DataChannelOpened += _ => opened = true;
        var init = new RtcDataChannelInit { Negotiated = true, Id = 7 };
        var a = pair.A.CreateDataChannel("neg", init);
        var b = pair.B.CreateDataChannel("neg", init);
        Assert.Equal(RtcDataChannelState.Open, a.ReadyState);
        Assert.Equal(RtcDataChannelState.Open, b.ReadyState);
        var got = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        b.MessageReceived += (_, m) => got.TrySetResult(m.Text);
        a.Send("over negotiated");
        Assert.Equal("over negotiated", await got.Task.WaitAsync(AssociationPair.Timeout));
        Assert.False(opened);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Close_FromEitherSide_ClosesBothSides(bool closeRemote)
    {
        await using var pair = await ChannelPair.ConnectAsync();
        var (a, b) = await pair.OpenAsync("closing");
        var aClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        a.Closed += _ => aClosed.TrySetResult();
        b.Closed += _ => bClosed.TrySetResult();
        (closeRemote ? b : a).Close();
        await pair.Associations.Within(Task.WhenAll(aClosed.Task, bClosed.Task));
        Assert.Equal(RtcDataChannelState.Closed, a.ReadyState);
        Assert.Equal(RtcDataChannelState.Closed, b.ReadyState);
        Assert.Throws<InvalidOperationException>(() => a.Send("late"));

        var (c, d) = await pair.OpenAsync("after");
        var got = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        d.MessageReceived += (_, m) => got.TrySetResult(m.Text);
        c.Send("still works");
        Assert.Equal("still works", await got.Task.WaitAsync(AssociationPair.Timeout));
    }

    [Fact]
    public async Task BufferedAmount_RisesThenLowEventFiresAsDataDrains()
    {
        await using var pair = await ChannelPair.ConnectAsync(new SimulatedLinkOptions { Delay = TimeSpan.FromMilliseconds(5), Seed = 2 });
        var (a, _) = await pair.OpenAsync("bp");
        a.BufferedAmountLowThreshold = 64 * 1024;
        var low = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        a.BufferedAmountLow += _ => low.TrySetResult();
        for (var i = 0; i < 64; i++)
        {
            a.Send(new byte[16 * 1024]);
        }

        Assert.True(a.BufferedAmount > 512 * 1024, $"buffered {a.BufferedAmount}");
        await pair.Associations.Within(low.Task);
        Assert.True(a.BufferedAmount <= 64 * 1024);
    }

    [Fact]
    public async Task AssociationAbort_ClosesChannelsOnBothSides()
    {
        await using var pair = await ChannelPair.ConnectAsync();
        var (a, b) = await pair.OpenAsync("abort");
        var bClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        b.Closed += _ => bClosed.TrySetResult();
        pair.Associations.A.Abort();
        await pair.Associations.Within(bClosed.Task);
        await pair.Associations.Within(pair.Associations.A.Completion);
        Assert.Equal(RtcDataChannelState.Closed, a.ReadyState);
    }
}
