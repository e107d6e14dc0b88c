using System.Diagnostics;
using Fledger.WebRtc.Dcep;
using Fledger.WebRtc.Tests.Sctp;

namespace Fledger.WebRtc.Tests.Dcep;

public sealed class DcepCodecTests
{
    [Fact]
    public void Encode_Open_MatchesRfc8832Layout()
    {
        var bytes = DcepCodec.Encode(new DcepOpen(DataChannelType.PartialReliableRexmitUnordered, 256, 3, "ab", "p"));
        Assert.Equal(new byte[] { 0x03, 0x81, 0x01, 0x00, 0, 0, 0, 3, 0, 2, 0, 1, (byte)'a', (byte)'b', (byte)'p' }, bytes);
    }

    [Fact]
    public void TryParse_EncodedMessages_RoundTrip()
    {
        var open = new DcepOpen(DataChannelType.PartialReliableTimed, 512, 1500, "chät", string.Empty);
        Assert.Equal(DcepParseError.None, DcepCodec.TryParse(DcepCodec.Encode(open), out var back));
        Assert.Equal(open, back);
        Assert.Equal(DcepParseError.None, DcepCodec.TryParse(DcepCodec.Encode(new DcepAck()), out var ack));
        Assert.IsType<DcepAck>(ack);
    }

    [Theory]
    [InlineData(new byte[0], DcepParseError.Empty)]
    [InlineData(new byte[] { 0x07 }, DcepParseError.UnknownMessageType)]
    [InlineData(new byte[] { 0x03, 0, 0, 0 }, DcepParseError.TooShort)]
    [InlineData(new byte[] { 0x03, 0x05, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, DcepParseError.InvalidChannelType)]
    [InlineData(new byte[] { 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 1 }, DcepParseError.LengthMismatch)]
    [InlineData(new byte[] { 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0xFF }, DcepParseError.InvalidUtf8)]
    public void TryParse_Malformed_ReturnsTypedError(byte[] input, DcepParseError expected)
    {
        Assert.Equal(expected, DcepCodec.TryParse(input, out var message));
        Assert.Null(message);
    }

    [Fact]
    public void TryParse_HundredThousandRandomAndMutatedInputs_NeverThrows()
    {
        var random = new Random(99);
        var seed = DcepCodec.Encode(new DcepOpen(DataChannelType.Reliable, 256, 0, "label", "protocol"));
        var outcomes = new Dictionary<DcepParseError, int>();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 200_000; i++)
        {
            byte[] input;
            if (i % 2 == 0)
            {
                input = new byte[random.Next(0, 64)];
                random.NextBytes(input);
                if (input.Length > 0 && random.Next(2) == 0)
                {
                    input[0] = 0x03;
                }
            }
            else
            {
                input = SctpParserFuzzTests.Mutate(seed, random);
            }

            var error = DcepCodec.TryParse(input, out var message);
            Assert.Equal(error == DcepParseError.None, message is not null);
            outcomes[error] = outcomes.GetValueOrDefault(error) + 1;
        }

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
        Assert.Equal(7, outcomes.Count);
    }
}
