using Fledger.WebRtc.DataChannels;
using Fledger.WebRtc.PeerConnection;
using Fledger.WebRtc.Sctp;

namespace Fledger.WebRtc.Tests.PeerConnection;

public sealed class RtcPeerConnectionDataChannelTests
{
    private static readonly int[] Sizes = [0, 1, 100, 1100, 1200, 5000, 16 * 1024, 64 * 1024, 100_000, 256 * 1024];

    [Fact]
    public async Task CreateDataChannel_BeforeNegotiation_OpensOnBothSidesWithDtlsParityIds()
    {
        await using var pair = new PeerPair();

        var (offerer, answerer) = await pair.ConnectWithChannelAsync("chat");

        Assert.Equal("chat", answerer.Label);
        Assert.Equal(offerer.Id, answerer.Id);
        Assert.Equal(1, offerer.Id % 2); // the offerer is the DTLS server: odd ids
        var reverse = await pair.Answerer.CreateDataChannelAsync("reverse").WaitAsync(PeerPair.Timeout);
        Assert.Equal(0, reverse.Id % 2); // the answerer is the DTLS client: even ids
        Assert.Equal(SctpAssociationState.Established, pair.Offerer.SctpState);
    }

    [Fact]
    public async Task SetupTimings_AfterChannelOpens_RecordsEveryPhaseInProtocolOrder()
    {
        await using var pair = new PeerPair();
        Assert.Null(pair.Offerer.SetupTimings.IceConnected);

        await pair.ConnectWithChannelAsync();

        // The answerer is the DTLS client: it starts once its own check succeeded. The offerer (DTLS server) may start
        // earlier, on the client's ClientHello from an ICE-authenticated source, even before the answer
        // (DtlsServerEarlyStartTests).
        foreach (var (timings, dtlsClient) in new[] { (pair.Offerer.SetupTimings, false), (pair.Answerer.GetStats().Setup!, true) })
        {
            Assert.NotNull(timings.LocalDescriptionSet);
            Assert.NotNull(timings.RemoteDescriptionSet);
            Assert.NotNull(timings.CandidatesGathered);
            Assert.NotNull(timings.IceConnected);
            Assert.True(timings.LocalDescriptionSet <= timings.DtlsStarted);
            Assert.True(!dtlsClient || (timings.RemoteDescriptionSet <= timings.DtlsStarted && timings.IceConnected <= timings.DtlsStarted));
            Assert.True(timings.DtlsStarted <= timings.DtlsConnected);
            Assert.True(timings.DtlsConnected <= timings.SctpEstablished);
            Assert.True(timings.SctpEstablished <= timings.ChannelOpen);
        }
    }

    [Fact]
    public async Task Send_MessagesFromZeroTo256KiB_ArriveIntactInOrderBothWays()
    {
        await using var pair = new PeerPair();
        var (offerer, answerer) = await pair.ConnectWithChannelAsync();
        var atAnswerer = PeerPair.Inbox(answerer);
        var atOfferer = PeerPair.Inbox(offerer);

        foreach (var size in Sizes)
        {
            await offerer.SendAsync(Payload(size, 1));
            await answerer.SendAsync(Payload(size, 2));
        }

        foreach (var size in Sizes)
        {
            var fromOfferer = await atAnswerer.ReadAsync().AsTask().WaitAsync(PeerPair.Timeout);
            var fromAnswerer = await atOfferer.ReadAsync().AsTask().WaitAsync(PeerPair.Timeout);
            Assert.Equal(Payload(size, 1), fromOfferer.Data.ToArray());
            Assert.Equal(Payload(size, 2), fromAnswerer.Data.ToArray());
            Assert.False(fromOfferer.IsText);
        }
    }

    [Fact]
    public async Task Send_Text_ArrivesAsText()
    {
        await using var pair = new PeerPair();
        var (offerer, answerer) = await pair.ConnectWithChannelAsync();
        var inbox = PeerPair.Inbox(answerer);

        offerer.Send("héllo");
        offerer.Send(string.Empty);

        var first = await inbox.ReadAsync().AsTask().WaitAsync(PeerPair.Timeout);
        var second = await inbox.ReadAsync().AsTask().WaitAsync(PeerPair.Timeout);
        Assert.True(first.IsText);
        Assert.Equal("héllo", first.Text);
        Assert.Equal(string.Empty, second.Text);
    }

    [Fact]
    public async Task CreateDataChannel_PartialReliability_IsAnnouncedToThePeer()
    {
        await using var pair = new PeerPair();
        var (_, retransmits) = await pair.ConnectWithChannelAsync("r", new RtcDataChannelInit { Ordered = false, MaxRetransmits = 0 });
        var lifetimeIncoming = new TaskCompletionSource<RtcDataChannel>(TaskCreationOptions.RunContinuationsAsynchronously);
        pair.Answerer.DataChannel += c => lifetimeIncoming.TrySetResult(c);

        await pair.Offerer.CreateDataChannelAsync("l", new RtcDataChannelInit { MaxPacketLifeTime = TimeSpan.FromMilliseconds(500) });
        var lifetime = await lifetimeIncoming.Task.WaitAsync(PeerPair.Timeout);

        Assert.False(retransmits.Ordered);
        Assert.Equal(0, retransmits.MaxRetransmits);
        Assert.Equal(TimeSpan.FromMilliseconds(500), lifetime.MaxPacketLifeTime);
    }

    [Fact]
    public async Task CreateDataChannel_NegotiatedId_SkipsDcepAndCarriesData()
    {
        await using var pair = new PeerPair();
        var init = new RtcDataChannelInit { Negotiated = true, Id = 42 };
        var opened = false;
        pair.Answerer.DataChannel += _ => opened = true;
        var offererTask = pair.Offerer.CreateDataChannelAsync("n", init);
        var answererTask = pair.Answerer.CreateDataChannelAsync("n", init);
        await pair.ConnectAsync();
        var offerer = await offererTask.WaitAsync(PeerPair.Timeout);
        var answerer = await answererTask.WaitAsync(PeerPair.Timeout);
        await Task.WhenAll(PeerPair.WhenOpen(offerer), PeerPair.WhenOpen(answerer)).WaitAsync(PeerPair.Timeout);
        var inbox = PeerPair.Inbox(offerer);

        answerer.Send([1, 2, 3]);

        Assert.Equal([1, 2, 3], (await inbox.ReadAsync().AsTask().WaitAsync(PeerPair.Timeout)).Data.ToArray());
        Assert.Equal(42, offerer.Id);
        Assert.False(opened);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Close_Channel_IsSeenClosedByBothSides(bool offererCloses)
    {
        await using var pair = new PeerPair();
        var (offerer, answerer) = await pair.ConnectWithChannelAsync();
        var closing = offererCloses ? offerer : answerer;
        var other = offererCloses ? answerer : offerer;

        closing.Close();

        await Task.WhenAll(PeerPair.WhenClosed(closing), PeerPair.WhenClosed(other)).WaitAsync(PeerPair.Timeout);
        Assert.Equal(RtcPeerConnectionState.Connected, pair.Offerer.ConnectionState);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task CloseAsync_PeerConnection_ClosesChannelsOnBothSides(bool offererCloses)
    {
        await using var pair = new PeerPair();
        var (offerer, answerer) = await pair.ConnectWithChannelAsync();
        var closingPc = offererCloses ? pair.Offerer : pair.Answerer;
        var otherPc = offererCloses ? pair.Answerer : pair.Offerer;
        var otherClosed = PeerPair.WhenState(otherPc, RtcPeerConnectionState.Closed);

        await closingPc.CloseAsync();

        await Task.WhenAll(PeerPair.WhenClosed(offerer), PeerPair.WhenClosed(answerer)).WaitAsync(PeerPair.Timeout);
        Assert.Equal(RtcPeerConnectionState.Closed, await otherClosed.WaitAsync(PeerPair.Timeout));
        await Assert.ThrowsAsync<InvalidOperationException>(() => closingPc.CreateDataChannelAsync("late"));
    }

    [Fact]
    public async Task ConnectWithChannel_TwentyPeerConnectionsAtOnce_AllExchangeMessages()
    {
        var logs = Enumerable.Range(0, 20).Select(i => new CapturingLoggerFactory($"pair{i}")).ToArray();
        var pairs = logs.Select(l => new PeerPair(PeerPair.Loopback with { LoggerFactory = l }, PeerPair.Loopback with { LoggerFactory = l })).ToArray();
        try
        {
            var channels = await Task.WhenAll(pairs.Select(p => p.ConnectWithChannelAsync())).WaitAsync(TimeSpan.FromSeconds(60));
            var inboxes = channels.Select(c => PeerPair.Inbox(c.Answerer)).ToArray();

            for (var i = 0; i < channels.Length; i++)
            {
                channels[i].Offerer.Send(Payload(10_000, i));
            }

            for (var i = 0; i < channels.Length; i++)
            {
                var read = inboxes[i].ReadAsync().AsTask();
                await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(60)));
                Assert.True(read.IsCompletedSuccessfully, $"pair {i}: {pairs[i].Offerer.GetStats()} / {pairs[i].Answerer.GetStats()} / {string.Join(" | ", logs[i].Entries)}");
                Assert.Equal(Payload(10_000, i), (await read).Data.ToArray());
            }
        }
        finally
        {
            await Task.WhenAll(pairs.Select(p => p.DisposeAsync().AsTask()));
        }
    }

    [Fact]
    public async Task GetStats_AfterTraffic_ReportsPairBytesAndSctp()
    {
        await using var pair = new PeerPair();
        var (offerer, answerer) = await pair.ConnectWithChannelAsync();
        var inbox = PeerPair.Inbox(answerer);
        await offerer.SendAsync(Payload(50_000, 3));
        await inbox.ReadAsync().AsTask().WaitAsync(PeerPair.Timeout);

        var stats = pair.Offerer.GetStats();

        Assert.True(stats.BytesSent > 50_000);
        Assert.Equal(SctpAssociationState.Established, stats.SctpState);
        Assert.NotNull(stats.Sctp);
        Assert.NotNull(stats.DtlsHandshakeDuration);
    }

    private static byte[] Payload(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed * 7919 + size).NextBytes(bytes);
        return bytes;
    }
}
