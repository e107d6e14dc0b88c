using CsCheck;
using Fledger.WebRtc.Dcep;
using Fledger.WebRtc.Sctp;

namespace Fledger.WebRtc.Tests.Sctp;

public sealed class SctpCodecPropertyTests
{
    private static readonly SctpCommonHeader Header = new(5000, 5000, 77);

    private static List<SctpChunk> RoundTrip(params SctpChunk[] chunks)
    {
        var buffer = new byte[SctpPacket.GetLength(chunks)];
        SctpPacket.Write(buffer, Header, chunks);
        var parsed = new List<SctpChunk>();
        Assert.Equal(SctpParseError.None, SctpPacket.TryParse(buffer, out var header, parsed));
        Assert.Equal(Header, header);
        return parsed;
    }

    [Fact]
    public void DataChunk_AnyFieldsAndPayload_RoundTrips()
    {
        Gen.Select(Gen.UInt, Gen.UShort, Gen.UShort, Gen.UInt, Gen.Int[0, 15], Gen.Byte.Array[1, 1500])
            .Sample((tsn, sid, ssn, ppid, flags, payload) =>
            {
                var chunk = new DataChunk(tsn, sid, ssn, ppid, (flags & 4) != 0, (flags & 2) != 0, (flags & 1) != 0, (flags & 8) != 0, payload);
                var back = Assert.IsType<DataChunk>(Assert.Single(RoundTrip(chunk)));
                Assert.Equal((tsn, sid, ssn, ppid), (back.Tsn, back.StreamId, back.StreamSequence, back.PayloadProtocolId));
                Assert.Equal((chunk.Unordered, chunk.Beginning, chunk.Ending, chunk.Immediate), (back.Unordered, back.Beginning, back.Ending, back.Immediate));
                Assert.Equal(payload, back.UserData.ToArray());
            }, iter: 2000);
    }

    [Fact]
    public void SackChunk_AnyGapsAndDuplicates_RoundTrips()
    {
        var gap = Gen.Select(Gen.UShort[1, 1000], Gen.UShort[0, 1000], (start, length) => new GapAckBlock(start, (ushort)(start + length)));
        Gen.Select(Gen.UInt, Gen.UInt, gap.Array[0, 50], Gen.UInt.Array[0, 50])
            .Sample((cum, rwnd, gaps, dups) =>
            {
                var back = Assert.IsType<SackChunk>(Assert.Single(RoundTrip(new SackChunk(cum, rwnd, gaps, dups))));
                Assert.Equal((cum, rwnd), (back.CumulativeTsnAck, back.AdvertisedReceiverWindow));
                Assert.Equal(gaps, back.GapBlocks);
                Assert.Equal(dups, back.DuplicateTsns);
            }, iter: 2000);
    }

    [Fact]
    public void DcepOpen_AnyLabelAndProtocol_RoundTrips()
    {
        var types = Enum.GetValues<DataChannelType>();
        var text = Gen.Char[' ', '\u07FF'].Array[0, 100].Select(chars => new string(chars));
        Gen.Select(Gen.Int[0, types.Length - 1], Gen.UShort, Gen.UInt, text, text)
            .Sample((type, priority, reliability, label, protocol) =>
            {
                var open = new DcepOpen(types[type], priority, reliability, label, protocol);
                Assert.Equal(DcepParseError.None, DcepCodec.TryParse(DcepCodec.Encode(open), out var back));
                Assert.Equal(open, back);
            }, iter: 2000);
    }
}
