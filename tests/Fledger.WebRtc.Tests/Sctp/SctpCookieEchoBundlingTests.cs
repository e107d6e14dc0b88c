using Fledger.WebRtc.DataChannels;
using Fledger.WebRtc.Sctp;
using Fledger.WebRtc.Transport;

namespace Fledger.WebRtc.Tests.Sctp;

/// <summary>The connecting side against a hand-driven raw peer: INIT from the caller's thread, DATA bundled with COOKIE ECHO.</summary>
public sealed class SctpCookieEchoBundlingTests : IAsyncLifetime
{
    private const uint RawTag = 0x0BADCAFE;
    private const uint RawInitialTsn = 7000;
    private static readonly byte[] Cookie = [.. Enumerable.Range(0, 40).Select(i => (byte)i)];

    /// <summary>T1 well beyond the test's steps, so no INIT retransmission gets between them.</summary>
    private static readonly SctpAssociationOptions SlowT1 = new()
    {
        InitialRto = TimeSpan.FromSeconds(10),
        MaxRto = TimeSpan.FromSeconds(20),
    };

    private readonly RawSctpPeer _raw = new();
    private readonly SctpAssociation _association;

    public SctpCookieEchoBundlingTests()
    {
        _association = new SctpAssociation(_raw.Local, SlowT1, random: new Random(5));
    }

    /// <summary>Nothing to set up asynchronously.</summary>
    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Disposes what the test created.</summary>
    public async Task DisposeAsync()
    {
        await _association.DisposeAsync();
        _raw.Dispose();
    }

    [Fact]
    public async Task ConnectAsync_NotStarted_HandsTheInitToTheTransportBeforeReturning()
    {
        var transport = new RecordingTransport();
        var association = new SctpAssociation(transport, SlowT1, random: new Random(6));
        try
        {
            var thread = Environment.CurrentManagedThreadId;
            _ = association.ConnectAsync();

            var (sentOn, packet) = transport.Snapshot()[0];
            Assert.Equal(thread, sentOn);
            var chunks = new List<SctpChunk>();
            Assert.Equal(SctpParseError.None, SctpPacket.TryParse(packet, out var header, chunks));
            Assert.Equal(0u, header.VerificationTag);
            Assert.IsType<InitChunk>(Assert.Single(chunks));
        }
        finally
        {
            await association.DisposeAsync().AsTask().WaitAsync(AssociationPair.Timeout);
        }
    }

    [Fact]
    public async Task Send_QueuedBeforeInitAck_GoesInTheCookieEchoPacket()
    {
        var acked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _association.BufferedAmountDecreased += (_, _) => acked.TrySetResult();
        _ = _association.ConnectAsync();
        var init = await ReceiveInitAsync();
        Assert.True(_association.Send(3, 53, new byte[] { 9, 8, 7 }));

        await _raw.SendAsync(init.InitiateTag, new InitAckChunk(RawTag, 100_000, 10, 10, RawInitialTsn, true, true, Cookie));
        var (header, chunks) = await _raw.ReceiveAsync();

        Assert.Equal(RawTag, header.VerificationTag);
        Assert.Equal(2, chunks.Count);
        Assert.Equal(Cookie, Assert.IsType<CookieEchoChunk>(chunks[0]).Cookie.ToArray());
        var data = Assert.IsType<DataChunk>(chunks[1]);
        Assert.Equal((init.InitialTsn, (ushort)3, 53u), (data.Tsn, data.StreamId, data.PayloadProtocolId));
        Assert.Equal(new byte[] { 9, 8, 7 }, data.UserData.ToArray());
        Assert.Equal(SctpAssociationState.CookieEchoed, _association.State);

        await _raw.SendAsync(init.InitiateTag, new CookieAckChunk(), new SackChunk(init.InitialTsn, 100_000, [], []));
        await _association.Established.WaitAsync(AssociationPair.Timeout);
        await acked.Task.WaitAsync(AssociationPair.Timeout);
        Assert.Equal(0, _association.BufferedAmount);
        Assert.Equal(0, _association.GetStatistics().Retransmissions);
    }

    [Fact]
    public async Task CreateDataChannel_BeforeTheAssociationIsUp_DcepOpenGoesWithTheCookieEcho()
    {
        var manager = new DataChannelManager(_association, isDtlsClient: true);
        var channel = manager.CreateDataChannel("early");
        _ = _association.ConnectAsync();
        var init = await ReceiveInitAsync();

        await _raw.SendAsync(init.InitiateTag, new InitAckChunk(RawTag, 100_000, 10, 10, RawInitialTsn, true, true, Cookie));
        var (_, chunks) = await _raw.ReceiveAsync();

        Assert.IsType<CookieEchoChunk>(chunks[0]);
        var open = Assert.IsType<DataChunk>(Assert.Single(chunks.Skip(1)));
        Assert.Equal((channel.Id, 50u), (open.StreamId, open.PayloadProtocolId));
        Assert.Equal(0x03, open.UserData.Span[0]);
        Assert.Equal(RtcDataChannelState.Connecting, channel.ReadyState);

        var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        channel.Opened += _ => opened.TrySetResult();
        await _raw.SendAsync(init.InitiateTag, new CookieAckChunk(), new SackChunk(init.InitialTsn, 100_000, [], []));
        await opened.Task.WaitAsync(AssociationPair.Timeout);
        Assert.Equal(RtcDataChannelState.Open, channel.ReadyState);
    }

    [Fact]
    public async Task Receive_FirstDataPacketWithoutIBit_AcknowledgedAtOnceNotAfterTheSackDelay()
    {
        // The peer's DCEP ACK (or OPEN) is the association's first DATA packet and carries no I bit (Chromium's does not):
        // with a 30 s delayed-SACK timer, only an immediate SACK arrives within the test's wait.
        var association = new SctpAssociation(_raw.Local, SlowT1 with { SackDelay = TimeSpan.FromSeconds(30) }, random: new Random(7));
        try
        {
            _ = association.ConnectAsync();
            var init = await ReceiveInitAsync();
            await _raw.SendAsync(init.InitiateTag, new InitAckChunk(RawTag, 100_000, 10, 10, RawInitialTsn, true, true, Cookie));
            Assert.IsType<CookieEchoChunk>((await _raw.ReceiveAsync()).Chunks[0]);
            await _raw.SendAsync(init.InitiateTag, new CookieAckChunk());
            await association.Established.WaitAsync(AssociationPair.Timeout);

            await _raw.SendAsync(init.InitiateTag, new DataChunk(RawInitialTsn, 0, 0, 50, false, true, true, false, new byte[] { 0x02 }));
            var sack = await ReceiveSackAsync().WaitAsync(TimeSpan.FromSeconds(5));

            Assert.Equal(RawInitialTsn, sack.CumulativeTsnAck);
        }
        finally
        {
            await association.DisposeAsync().AsTask().WaitAsync(AssociationPair.Timeout);
        }
    }

    private async Task<SackChunk> ReceiveSackAsync()
    {
        for (var i = 0; i < 10; i++)
        {
            var (_, chunks) = await _raw.ReceiveAsync();
            if (chunks.OfType<SackChunk>().FirstOrDefault() is { } sack)
            {
                return sack;
            }
        }

        throw new InvalidOperationException("no SACK among the association's next 10 packets");
    }

    private async Task<InitChunk> ReceiveInitAsync()
    {
        var (header, chunks) = await _raw.ReceiveAsync();
        Assert.Equal(0u, header.VerificationTag);
        return Assert.IsType<InitChunk>(Assert.Single(chunks));
    }


    /// <summary>Records each datagram with the managed thread that sent it; delivers nothing.</summary>
    private sealed class RecordingTransport : IDatagramTransport
    {
        private readonly List<(int Thread, byte[] Datagram)> _sent = [];

        public int MaxDatagramSize => 1200;

        public (int Thread, byte[] Datagram)[] Snapshot()
        {
            lock (_sent)
            {
                return [.. _sent];
            }
        }

        public ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken = default)
        {
            lock (_sent)
            {
                _sent.Add((Environment.CurrentManagedThreadId, datagram.ToArray()));
            }

            return ValueTask.CompletedTask;
        }

        public void SetReceiver(DatagramReceiver? receiver)
        {
        }
    }
}
