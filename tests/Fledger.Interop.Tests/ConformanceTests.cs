using Fledger.Browser.Tests.Infrastructure;
using Fledger.Interop.Tests.Peers;

namespace Fledger.Interop.Tests;

/// <summary>
/// The data-channel conformance suite, run for every pairing of peer implementations (see the
/// subclasses): ICE + DTLS connect with trickle both ways, DCEP and negotiated channels, message
/// sizes, ordering, channel and connection close, stats.
/// </summary>
public abstract class ConformanceTests
{
    private static readonly int[] Sizes = [0, 1, 16 * 1024, 64 * 1024, 256 * 1024];

    /// <summary>Creates the offering peer.</summary>
    protected abstract Task<ITestPeer> CreateOffererAsync();

    /// <summary>Creates the answering peer.</summary>
    protected abstract Task<ITestPeer> CreateAnswererAsync();

    /// <summary>True when a Chromium peer hides its host addresses behind mDNS names.</summary>
    protected virtual bool ChromiumUsesMdns => false;

    [Fact]
    public async Task Connect_TrickleBothWays_ConnectedOnBothAndBootChannelOpen()
    {
        await using var session = await ConnectAsync();

        Assert.Equal("connected", (await session.Offerer.GetStatsAsync()).ConnectionState);
        Assert.Equal("connected", (await session.Answerer.GetStatsAsync()).ConnectionState);
        Assert.Equal("boot", session.AnswererChannel.Label);
        AssertSameStreamId(session.OffererChannel, session.AnswererChannel);
        Assert.NotEmpty(session.OffererCandidates);
        Assert.NotEmpty(session.AnswererCandidates);
        Assert.Empty(session.RelayErrors);
    }

    [Fact]
    public async Task Candidates_HostCandidates_AreMdnsNamesOnlyWhenChromiumHidesThem()
    {
        await using var session = await ConnectAsync();

        foreach (var (peer, candidates) in new[] { (session.Offerer, session.OffererCandidates), (session.Answerer, session.AnswererCandidates) })
        {
            var hosts = candidates.Where(c => c.Contains(" typ host", StringComparison.Ordinal)).Select(c => c.Split(' ')[4]).ToArray();
            Assert.NotEmpty(hosts);
            var expectMdns = peer.Kind == "chromium" && ChromiumUsesMdns;
            Assert.All(hosts, address => Assert.Equal(expectMdns, address.EndsWith(".local", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public async Task Stats_AfterTraffic_ReportSelectedPairTypesAndByteCounts()
    {
        await using var session = await ConnectAsync();
        await session.OffererChannel.SendPatternAsync(text: false, 64 * 1024, seed: 1);
        await session.AnswererChannel.WaitMessagesAsync(1);
        await session.AnswererChannel.SendPatternAsync(text: false, 64 * 1024, seed: 2);
        await session.OffererChannel.WaitMessagesAsync(1);

        foreach (var (peer, other) in new[] { (session.Offerer, session.Answerer), (session.Answerer, session.Offerer) })
        {
            var stats = await peer.GetStatsAsync();
            Assert.Equal("host", stats.LocalCandidateType);
            // Our side learns a Chromium that hides its address from its checks: peer-reflexive.
            var remoteTypes = other.Kind == "chromium" && ChromiumUsesMdns ? new[] { "prflx" } : ["host", "prflx"];
            Assert.Contains(stats.RemoteCandidateType, remoteTypes);
            Assert.InRange(stats.BytesSent, 64 * 1024, long.MaxValue);
            Assert.InRange(stats.BytesReceived, 64 * 1024, long.MaxValue);
        }
    }

    [Fact]
    public async Task DcepChannel_CreatedByAnswerer_OpensOnBothAndCarriesMessages()
    {
        await using var session = await ConnectAsync();

        var created = await session.Answerer.CreateChannelAsync("from-answerer");
        var incoming = await session.Offerer.WaitIncomingChannelAsync();
        await Task.WhenAll(created.WaitOpenAsync(), incoming.WaitOpenAsync());

        Assert.Equal("from-answerer", incoming.Label);
        AssertSameStreamId(created, incoming);
        await AssertDeliveredAsync(created, incoming, text: true, 100, seed: 5);
        await AssertDeliveredAsync(incoming, created, text: false, 100, seed: 6);
    }

    [Fact]
    public async Task NegotiatedChannel_SameIdOnBothSides_CarriesMessagesBothWays()
    {
        await using var session = await ConnectAsync();

        var atOfferer = await session.Offerer.CreateChannelAsync("negotiated", negotiatedId: 100);
        var atAnswerer = await session.Answerer.CreateChannelAsync("negotiated", negotiatedId: 100);
        await Task.WhenAll(atOfferer.WaitOpenAsync(), atAnswerer.WaitOpenAsync());

        await AssertDeliveredAsync(atOfferer, atAnswerer, text: true, 1000, seed: 7);
        await AssertDeliveredAsync(atAnswerer, atOfferer, text: false, 1000, seed: 8);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Messages_TextAndBinaryOfEverySize_ArriveIntact(bool fromOfferer)
    {
        await using var session = await ConnectAsync();
        var (sender, receiver) = fromOfferer ? (session.OffererChannel, session.AnswererChannel) : (session.AnswererChannel, session.OffererChannel);

        var expected = new List<TestMessage>();
        foreach (var size in Sizes)
        {
            await sender.SendPatternAsync(text: true, size, seed: size % 26);
            expected.Add(new TestMessage("text", size, Pattern.TextChecksum(size, size % 26), null));
            await sender.SendPatternAsync(text: false, size, seed: 3);
            expected.Add(new TestMessage("binary", size, Pattern.BinaryChecksum(size, 3), null));
        }

        var received = await receiver.WaitMessagesAsync(expected.Count);
        Assert.Equal(expected.Select(m => (m.Kind, m.Length, m.Checksum)), received.Select(m => (m.Kind, m.Length, m.Checksum)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OrderedChannel_ThousandMessages_ArriveInOrder(bool fromOfferer)
    {
        const int count = 1000;
        await using var session = await ConnectAsync();
        var (sender, receiver) = fromOfferer ? (session.OffererChannel, session.AnswererChannel) : (session.AnswererChannel, session.OffererChannel);

        await sender.SendTextsAsync(count, "m");
        var received = await receiver.WaitMessagesAsync(count);

        Assert.Equal(Enumerable.Range(0, count).Select(i => $"m{i}"), received.Select(m => m.Text));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task CloseChannel_FromEitherSide_CompletesOnBoth(bool offererCloses)
    {
        await using var session = await ConnectAsync();
        var (closer, other) = offererCloses ? (session.OffererChannel, session.AnswererChannel) : (session.AnswererChannel, session.OffererChannel);

        await closer.CloseAsync();

        await Task.WhenAll(closer.WaitClosedAsync(), other.WaitClosedAsync()).WaitAsync(WebRtcPagePair.StepTimeout);
        Assert.Equal("connected", (await session.Offerer.GetStatsAsync()).ConnectionState);
        Assert.Equal("connected", (await session.Answerer.GetStatsAsync()).ConnectionState);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ClosePeer_FromEitherSide_OtherSideSeesItsChannelClose(bool offererCloses)
    {
        await using var session = await ConnectAsync();
        var (closer, otherChannel) = offererCloses ? (session.Offerer, session.AnswererChannel) : (session.Answerer, session.OffererChannel);
        var other = offererCloses ? session.Answerer : session.Offerer;

        await closer.CloseAsync();

        await otherChannel.WaitClosedAsync();
        if (other is ManagedTestPeer managed)
        {
            await managed.WaitClosedAsync();
        }
    }

    private async Task<PeerSession> ConnectAsync() =>
        await PeerSession.ConnectAsync(await CreateOffererAsync(), await CreateAnswererAsync());

    private static void AssertSameStreamId(ITestChannel created, ITestChannel incoming)
    {
        // The receiving side always knows the id; Chromium reports null for a channel it created before DTLS.
        Assert.NotNull(incoming.Id);
        if (created.Id is not null)
        {
            Assert.Equal(created.Id, incoming.Id);
        }
    }

    private static async Task AssertDeliveredAsync(ITestChannel from, ITestChannel to, bool text, int size, int seed)
    {
        await to.ClearMessagesAsync();
        await from.SendPatternAsync(text, size, seed);
        var message = Assert.Single(await to.WaitMessagesAsync(1));
        Assert.Equal(text ? "text" : "binary", message.Kind);
        Assert.Equal(size, message.Length);
        Assert.Equal(text ? Pattern.TextChecksum(size, seed) : Pattern.BinaryChecksum(size, seed), message.Checksum);
    }
}
