using System.Diagnostics;
using Fledger.WebRtc.Sctp;

namespace Fledger.WebRtc.Tests.Sctp;

public sealed class SctpParserFuzzTests
{
    private static readonly SctpCommonHeader Header = new(5000, 5000, 1);

    private static byte[][] Seeds()
    {
        SctpChunk[][] packets =
        [
            [new DataChunk(7, 3, 9, 51, false, true, true, false, new byte[40])],
            [new InitChunk(1, 100_000, 10, 10, 42, true, true)],
            [new InitAckChunk(5, 6, 7, 8, 9, true, true, new byte[70])],
            [new SackChunk(100, 2000, [new GapAckBlock(2, 3)], [98u]), new DataChunk(1, 0, 0, 53, true, false, true, false, new byte[3])],
            [new HeartbeatChunk(new byte[16]), new ForwardTsnChunk(3, [new ForwardTsnStream(1, 2)])],
            [new AbortChunk(false, [new SctpErrorCause(12, new byte[3])])],
            [new ReConfigChunk([new OutgoingSsnResetRequest(1, 2, 3, [4, 5]), new ReConfigResponse(1, ReConfigResult.SuccessPerformed)])],
            [new ShutdownChunk(1), new ShutdownAckChunk()],
            [new CookieEchoChunk(new byte[70]), new CookieAckChunk()],
        ];
        return packets.Select(chunks =>
        {
            var buffer = new byte[SctpPacket.GetLength(chunks)];
            SctpPacket.Write(buffer, Header, chunks);
            return buffer;
        }).ToArray();
    }

    [Fact]
    public void TryParse_HundredThousandRandomAndMutatedPackets_NeverThrows()
    {
        var random = new Random(1234);
        var seeds = Seeds();
        var chunks = new List<SctpChunk>();
        var outcomes = new Dictionary<SctpParseError, int>();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 200_000; i++)
        {
            byte[] input;
            if (i % 2 == 0)
            {
                input = new byte[random.Next(0, 300)];
                random.NextBytes(input);
            }
            else
            {
                input = Mutate(seeds[random.Next(seeds.Length)], random);
            }

            // Half the inputs get a valid checksum so the chunk parsers are reached.
            if (input.Length >= 12 && random.Next(2) == 0)
            {
                SctpPacket.Seal(input);
            }

            var error = SctpPacket.TryParse(input, out _, chunks);
            outcomes[error] = outcomes.GetValueOrDefault(error) + 1;
        }

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
        Assert.True(outcomes.GetValueOrDefault(SctpParseError.None) > 1000);
        Assert.True(outcomes.Count >= 6, string.Join(", ", outcomes));
    }

    internal static byte[] Mutate(byte[] seed, Random random)
    {
        var data = (byte[])seed.Clone();
        var edits = random.Next(1, 5);
        for (var e = 0; e < edits; e++)
        {
            switch (random.Next(4))
            {
                case 0 when data.Length > 0:
                    data[random.Next(data.Length)] = (byte)random.Next(256);
                    break;
                case 1 when data.Length > 0:
                    Array.Resize(ref data, random.Next(data.Length));
                    break;
                case 2:
                    var extra = new byte[random.Next(1, 20)];
                    random.NextBytes(extra);
                    data = [.. data, .. extra];
                    break;
                case 3 when data.Length > 16:
                    var at = 12 + random.Next(Math.Min(8, data.Length - 14));
                    data[at] = (byte)random.Next(256);
                    data[at + 1] = (byte)random.Next(256);
                    break;
            }
        }

        return data;
    }
}
