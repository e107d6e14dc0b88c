using Fledger.WebRtc.Sctp;

namespace Fledger.WebRtc.Tests.Sctp;

public sealed class SctpPacketTests
{
    private static readonly SctpCommonHeader Header = new(5000, 5000, 0xDEADBEEF);

    [Fact]
    public void Crc32C_KnownVectors_Match()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
        Assert.Equal(0x8A9136AAu, Crc32C.Compute(new byte[32]));
    }

    public static TheoryData<SctpChunk> Chunks() => new()
    {
        new DataChunk(7, 3, 9, 51, true, true, false, true, new byte[] { 1, 2, 3 }),
        new InitChunk(0x11223344, 100_000, 65535, 65535, 42, true, true),
        new InitAckChunk(5, 6, 7, 8, 9, true, false, new byte[] { 9, 9, 9, 9, 9 }),
        new SackChunk(100, 2000, [new GapAckBlock(2, 3), new GapAckBlock(5, 9)], [98u, 99u]),
        new HeartbeatChunk(new byte[] { 1, 2, 3, 4, 5 }),
        new HeartbeatAckChunk(new byte[] { 7 }),
        new AbortChunk(true, [new SctpErrorCause(12, new byte[] { 1, 2 })]),
        new ShutdownChunk(77),
        new ShutdownAckChunk(),
        new ShutdownCompleteChunk(true),
        new ErrorChunk([new SctpErrorCause(1, new byte[] { 0, 1, 0, 0 }), new SctpErrorCause(3, ReadOnlyMemory<byte>.Empty)]),
        new CookieEchoChunk(new byte[] { 1, 2, 3, 4, 5, 6 }),
        new CookieAckChunk(),
        new ForwardTsnChunk(1000, [new ForwardTsnStream(1, 2), new ForwardTsnStream(3, 4)]),
        new ReConfigChunk([new OutgoingSsnResetRequest(1, 2, 3, [4, 5, 6]), new ReConfigResponse(9, ReConfigResult.InProgress)]),
        new ReConfigChunk([new IncomingSsnResetRequest(8, [1])]),
    };

    [Theory]
    [MemberData(nameof(Chunks))]
    public void Write_ThenTryParse_RoundTripsEveryChunkType(SctpChunk chunk)
    {
        var buffer = new byte[SctpPacket.GetLength([chunk])];
        var length = SctpPacket.Write(buffer, Header, [chunk]);
        Assert.Equal(0, length % 4);
        var parsed = new List<SctpChunk>();
        Assert.Equal(SctpParseError.None, SctpPacket.TryParse(buffer.AsSpan(0, length), out var header, parsed));
        Assert.Equal(Header, header);
        var back = Assert.Single(parsed);
        Assert.Equal(chunk.Type, back.Type);
        var again = new byte[length];
        SctpPacket.Write(again, Header, [back]);
        Assert.Equal(buffer, again);
    }

    [Fact]
    public void TryParse_BundledDataAndSack_ReturnsBoth()
    {
        SctpChunk[] chunks = [new SackChunk(1, 2, [], []), new DataChunk(1, 0, 0, 53, false, true, true, false, new byte[] { 5 })];
        var buffer = new byte[SctpPacket.GetLength(chunks)];
        SctpPacket.Write(buffer, Header, chunks);
        var parsed = new List<SctpChunk>();
        Assert.Equal(SctpParseError.None, SctpPacket.TryParse(buffer, out _, parsed));
        Assert.Equal(2, parsed.Count);
        var data = Assert.IsType<DataChunk>(parsed[1]);
        Assert.Equal(new byte[] { 5 }, data.UserData.ToArray());
        Assert.True(data.Beginning && data.Ending && !data.Unordered);
    }

    [Fact]
    public void TryParse_FlippedBit_ReportsBadChecksum()
    {
        var buffer = new byte[SctpPacket.GetLength([new CookieAckChunk()])];
        SctpPacket.Write(buffer, Header, [new CookieAckChunk()]);
        buffer[13] ^= 1;
        Assert.Equal(SctpParseError.BadChecksum, SctpPacket.TryParse(buffer, out _, []));
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 0, 20, 0, 0, 0, 1 }, SctpParseError.InvalidChunkLength)]
    [InlineData(new byte[] { 0, 3, 0, 16, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1 }, SctpParseError.EmptyDataChunk)]
    [InlineData(new byte[] { 1, 0, 0, 20, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 0, 0, 1 }, SctpParseError.InvalidInit)]
    [InlineData(new byte[] { 3, 0, 0, 16, 0, 0, 0, 1, 0, 0, 0, 1, 0, 5, 0, 0 }, SctpParseError.InvalidChunkValue)]
    [InlineData(new byte[] { 0, 0, 0, 2 }, SctpParseError.InvalidChunkLength)]
    public void TryParse_MalformedChunk_ReturnsTypedError(byte[] chunk, SctpParseError expected)
    {
        var packet = new byte[12 + chunk.Length];
        chunk.CopyTo(packet, 12);
        SctpPacket.Seal(packet);
        Assert.Equal(expected, SctpPacket.TryParse(packet, out _, []));
    }

    [Fact]
    public void TryParse_InitBundledWithData_IsRefused()
    {
        SctpChunk[] chunks = [new InitChunk(1, 2, 3, 4, 5, false, false), new CookieAckChunk()];
        var buffer = new byte[SctpPacket.GetLength(chunks)];
        SctpPacket.Write(buffer, Header, chunks);
        Assert.Equal(SctpParseError.InvalidBundling, SctpPacket.TryParse(buffer, out _, []));
    }
}
