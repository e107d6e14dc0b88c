using Fledger.WebRtc.Sctp;

namespace Fledger.WebRtc.Tests.Sctp;

/// <summary>Drives an association with hand-made packets from a raw peer.</summary>
public sealed class SctpHandshakeConformanceTests : IAsyncLifetime
{
    private const uint RawTag = 0x0BADCAFE;
    private readonly RawSctpPeer _raw = new();
    private readonly SctpAssociation _association;

    public SctpHandshakeConformanceTests()
    {
        _association = new SctpAssociation(_raw.Local, AssociationPair.FastOptions, random: new Random(3));
        _association.Start();
    }

    /// <summary>Nothing to set up asynchronously.</summary>
    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Disposes what the test created (xunit 2 calls <see cref="IAsyncLifetime.DisposeAsync"/>, never <see cref="IAsyncDisposable"/>).</summary>
    public async Task DisposeAsync()
    {
        await _association.DisposeAsync();
        _raw.Dispose();
    }

    [Fact]
    public async Task CookieEcho_TamperedThenValid_OnlyValidCookieEstablishes()
    {
        var (tag, cookie) = await InitAsync();
        var tampered = cookie.ToArray();
        tampered[5] ^= 0x40;
        await _raw.SendAsync(tag, new CookieEchoChunk(tampered));
        await _raw.SendAsync(tag, new CookieEchoChunk(cookie));
        var (header, chunks) = await _raw.ReceiveAsync();
        Assert.Equal(RawTag, header.VerificationTag);
        Assert.IsType<CookieAckChunk>(Assert.Single(chunks));
        await _association.Established.WaitAsync(AssociationPair.Timeout);
    }

    [Fact]
    public async Task CookieEcho_BundledWithData_EstablishesAndDeliversTheData()
    {
        // RFC 9260 §5.1 D: DATA may follow the COOKIE ECHO in its packet (we send the DCEP OPEN that way).
        var (tag, cookie) = await InitAsync();
        var received = new List<SctpMessage>();
        _association.MessageReceived += m => received.Add(m with { Data = m.Data.ToArray() });

        await _raw.SendAsync(tag, new CookieEchoChunk(cookie), new DataChunk(1000, 1, 0, 50, false, true, true, false, new byte[] { 3, 0, 0 }));

        var chunks = new List<SctpChunk>();
        while (!chunks.OfType<SackChunk>().Any())
        {
            chunks.AddRange((await _raw.ReceiveAsync()).Chunks);
        }

        Assert.IsType<CookieAckChunk>(chunks[0]);
        Assert.Equal(1000u, chunks.OfType<SackChunk>().Single().CumulativeTsnAck);
        await _association.Established.WaitAsync(AssociationPair.Timeout);
        var message = Assert.Single(received);
        Assert.Equal((50u, (ushort)1), (message.PayloadProtocolId, message.StreamId));
        Assert.Equal(new byte[] { 3, 0, 0 }, message.Data.ToArray());
    }

    [Fact]
    public async Task Data_WrongVerificationTag_IsIgnored()
    {
        var (tag, cookie) = await InitAsync();
        await _raw.SendAsync(tag, new CookieEchoChunk(cookie));
        Assert.IsType<CookieAckChunk>(Assert.Single((await _raw.ReceiveAsync()).Chunks));
        var received = new List<SctpMessage>();
        _association.MessageReceived += received.Add;

        await _raw.SendAsync(tag ^ 1, new DataChunk(1000, 0, 0, 53, false, true, true, true, new byte[] { 1 }));
        await _raw.SendAsync(tag, new HeartbeatChunk(new byte[] { 42 }));
        var ack = Assert.IsType<HeartbeatAckChunk>(Assert.Single((await _raw.ReceiveAsync()).Chunks));
        Assert.Equal(new byte[] { 42 }, ack.Info.ToArray());
        Assert.Empty(received);

        await _raw.SendAsync(tag, new DataChunk(1000, 0, 0, 53, false, true, true, true, new byte[] { 2 }));
        var sack = Assert.IsType<SackChunk>(Assert.Single((await _raw.ReceiveAsync()).Chunks));
        Assert.Equal(1000u, sack.CumulativeTsnAck);
        Assert.Equal([2], Assert.Single(received).Data.ToArray());
    }

    [Fact]
    public async Task Init_NonZeroVerificationTag_IsIgnored()
    {
        await _raw.SendAsync(5, new InitChunk(RawTag, 100_000, 10, 10, 1000, true, true));
        var (_, cookie) = await InitAsync();
        Assert.Equal(StateCookie.Length, cookie.Length);
    }

    /// <summary>Sends INIT (initial TSN 1000) and returns the association's tag and cookie from the INIT ACK.</summary>
    private async Task<(uint Tag, ReadOnlyMemory<byte> Cookie)> InitAsync()
    {
        await _raw.SendAsync(0, new InitChunk(RawTag, 100_000, 10, 10, 1000, true, true));
        var (header, chunks) = await _raw.ReceiveAsync();
        Assert.Equal(RawTag, header.VerificationTag);
        var initAck = Assert.IsType<InitAckChunk>(Assert.Single(chunks));
        Assert.True(initAck.ForwardTsnSupported && initAck.ReConfigSupported);
        Assert.Equal(SctpAssociationState.Closed, _association.State);
        return (initAck.InitiateTag, initAck.StateCookie);
    }
}
