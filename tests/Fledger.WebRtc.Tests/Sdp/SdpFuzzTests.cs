using Fledger.WebRtc.Sdp;

namespace Fledger.WebRtc.Tests.Sdp;

public sealed class SdpFuzzTests
{
    private static readonly string[] ExtraLines =
    [
        "a=setup:passive", "a=fingerprint:sha-1 00", "m=application 0 UDP/DTLS/SCTP webrtc-datachannel", "a=mid:", "a=candidate:",
        "a=group:BUNDLE", "a=ice-ufrag:", "a=max-message-size:99999999999999999999", "m=video 9 RTP/AVP 0", "c=", "x", "=", "a",
        "a=sctp-port:0", "o=- 1 1 IN IP4 1.1.1.1", "v=0", "a=end-of-candidates", "a=ice-lite", "m=application 65536 DTLS/SCTP 5000",
    ];

    [Fact]
    public void TryParse_RandomAndMutatedInputs_NeverThrowsAndSuccessRoundTrips()
    {
        var random = new Random(8866);
        var successes = 0;
        for (var i = 0; i < 110_000; i++)
        {
            var text = (i % 10) switch
            {
                0 => RandomText(random),
                1 => Truncate(random, ChromiumSdp.Offer),
                _ => MutateLines(random, i % 2 == 0 ? ChromiumSdp.Offer : ChromiumSdp.Answer),
            };

            var error = SdpSessionDescription.TryParse(text, out var parsed);
            Assert.Equal(error is null, parsed is not null);
            if (parsed is not null)
            {
                successes++;
                var written = parsed.ToString();
                Assert.Null(SdpSessionDescription.TryParse(written, out var again));
                Assert.Equal(written, again!.ToString());
            }
        }

        Assert.InRange(successes, 1000, 109_000);
    }

    private static string RandomText(Random random)
    {
        const string alphabet = "vosmtca=:- \r\n0123456789ABCDEFapplicationUDP/DTLS/SCTP";
        var chars = new char[random.Next(0, 400)];
        for (var c = 0; c < chars.Length; c++)
        {
            chars[c] = random.Next(50) == 0 ? (char)random.Next(0, 0x3000) : alphabet[random.Next(alphabet.Length)];
        }

        return new string(chars);
    }

    private static string Truncate(Random random, string text) => text[..random.Next(text.Length + 1)];

    private static string MutateLines(Random random, string text)
    {
        var lines = text.Split("\r\n").ToList();
        var mutations = random.Next(1, 4);
        for (var m = 0; m < mutations && lines.Count > 0; m++)
        {
            var at = random.Next(lines.Count);
            switch (random.Next(5))
            {
                case 0:
                    lines.RemoveAt(at);
                    break;
                case 1:
                    lines.Insert(at, lines[random.Next(lines.Count)]);
                    break;
                case 2:
                    lines.Insert(at, ExtraLines[random.Next(ExtraLines.Length)]);
                    break;
                case 3 when lines[at].Length > 0:
                    var chars = lines[at].ToCharArray();
                    chars[random.Next(chars.Length)] = (char)random.Next(32, 127);
                    lines[at] = new string(chars);
                    break;
                default:
                    break;
            }
        }

        return string.Join(random.Next(4) == 0 ? "\n" : "\r\n", lines);
    }
}
