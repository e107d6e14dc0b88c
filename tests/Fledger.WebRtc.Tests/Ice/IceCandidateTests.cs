using System.Diagnostics;
using System.Net;
using Fledger.WebRtc.Ice;

namespace Fledger.WebRtc.Tests.Ice;

public sealed class IceCandidateTests
{
    [Fact]
    public void TryParse_ChromiumMdnsHost_ParsesAllFields()
    {
        const string line = "candidate:2716431765 1 udp 2113937151 0f7b0e3c-6c2d-4bb8-9f3a-1d2e3f4a5b6c.local 54321 typ host generation 0 ufrag Ab12 network-cost 999";
        Assert.Equal(IceCandidateParseError.None, IceCandidate.TryParse(line, out var candidate));
        Assert.NotNull(candidate);
        Assert.Equal("2716431765", candidate.Foundation);
        Assert.Equal(1, candidate.Component);
        Assert.Equal("udp", candidate.Protocol);
        Assert.Equal(2113937151u, candidate.Priority);
        Assert.True(candidate.IsMdns);
        Assert.Null(candidate.EndPoint);
        Assert.Equal(54321, candidate.Port);
        Assert.Equal(IceCandidateType.Host, candidate.Type);
        Assert.Equal(0, candidate.Generation);
        Assert.Equal("Ab12", candidate.Ufrag);
        Assert.Equal([new KeyValuePair<string, string>("network-cost", "999")], candidate.Extensions);
    }

    [Fact]
    public void TryParse_SrflxWithRelatedAddress_RoundTrips()
    {
        const string line = "a=candidate:842163049 1 UDP 1677729535 203.0.113.7 61000 typ srflx raddr 10.0.0.2 rport 50000 generation 0";
        Assert.Equal(IceCandidateParseError.None, IceCandidate.TryParse(line, out var candidate));
        Assert.NotNull(candidate);
        Assert.Equal(IceCandidateType.ServerReflexive, candidate.Type);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("203.0.113.7"), 61000), candidate.EndPoint);
        Assert.Equal("10.0.0.2", candidate.RelatedAddress);
        Assert.Equal(50000, candidate.RelatedPort);
        var text = candidate.ToString();
        Assert.Equal("candidate:842163049 1 udp 1677729535 203.0.113.7 61000 typ srflx raddr 10.0.0.2 rport 50000 generation 0", text);
        Assert.Equal(IceCandidateParseError.None, IceCandidate.TryParse(text, out var again));
        Assert.Equal(candidate.ToString(), again!.ToString());
    }

    [Fact]
    public void TryParse_IPv6Prflx_Parses()
    {
        Assert.Equal(IceCandidateParseError.None, IceCandidate.TryParse("candidate:1 1 udp 1845501695 ::1 9 typ prflx", out var candidate));
        Assert.Equal(IceCandidateType.PeerReflexive, candidate!.Type);
        Assert.Equal(new IPEndPoint(IPAddress.IPv6Loopback, 9), candidate.EndPoint);
    }

    [Fact]
    public void TryParse_ChromiumTcpCandidate_ParsesButAgentIgnoresIt()
    {
        const string line = "candidate:1052210563 1 tcp 1518280447 192.0.2.5 9 typ host tcptype active generation 0 network-id 1";
        Assert.Equal(IceCandidateParseError.None, IceCandidate.TryParse(line, out var candidate));
        Assert.Equal("tcp", candidate!.Protocol);
        Assert.Contains(new KeyValuePair<string, string>("tcptype", "active"), candidate.Extensions);
        using var agent = new IceAgent(IceTestHarness.LoopbackOptions(), IceRole.Controlled);
        Assert.False(agent.AddRemoteCandidate(candidate));
    }

    [Theory]
    [InlineData("", IceCandidateParseError.BadPrefix)]
    [InlineData("foo:1 1 udp 1 1.2.3.4 5 typ host", IceCandidateParseError.BadPrefix)]
    [InlineData("candidate:1 1 udp 1 1.2.3.4 5 typ", IceCandidateParseError.TooFewFields)]
    [InlineData("candidate:a-b 1 udp 1 1.2.3.4 5 typ host", IceCandidateParseError.BadFoundation)]
    [InlineData("candidate:1 0 udp 1 1.2.3.4 5 typ host", IceCandidateParseError.BadComponent)]
    [InlineData("candidate:1 1 udp 0 1.2.3.4 5 typ host", IceCandidateParseError.BadPriority)]
    [InlineData("candidate:1 1 udp 4294967295 1.2.3.4 5 typ host", IceCandidateParseError.BadPriority)]
    [InlineData("candidate:1 1 udp 1 1:2:3:zz 5 typ host", IceCandidateParseError.BadAddress)]
    [InlineData("candidate:1 1 udp 1 1.2.3.4 65536 typ host", IceCandidateParseError.BadPort)]
    [InlineData("candidate:1 1 udp 1 1.2.3.4 5 type host", IceCandidateParseError.MissingType)]
    [InlineData("candidate:1 1 udp 1 1.2.3.4 5 typ turn", IceCandidateParseError.BadType)]
    [InlineData("candidate:1 1 udp 1 1.2.3.4 5 typ srflx raddr 1.2.3.4", IceCandidateParseError.BadRelatedAddress)]
    [InlineData("candidate:1 1 udp 1 1.2.3.4 5 typ host generation", IceCandidateParseError.BadExtension)]
    [InlineData("candidate:1 1 udp 1 1.2.3.4 5 typ host generation x", IceCandidateParseError.BadExtension)]
    public void TryParse_BadLine_ReturnsTypedError(string line, IceCandidateParseError expected)
    {
        Assert.Equal(expected, IceCandidate.TryParse(line, out var candidate));
        Assert.Null(candidate);
    }

    [Theory]
    [InlineData(IceCandidateType.Host, 65535, 1, 2130706431u)]
    [InlineData(IceCandidateType.ServerReflexive, 65535, 1, 1694498815u)]
    [InlineData(IceCandidateType.PeerReflexive, 65535, 1, 1862270975u)]
    [InlineData(IceCandidateType.Relay, 0, 2, 254u)]
    public void ComputePriority_Rfc8445Formula_MatchesKnownValues(IceCandidateType type, int localPreference, int component, uint expected) =>
        Assert.Equal(expected, IceCandidate.ComputePriority(type, localPreference, component));

    [Fact]
    public void TryParse_FuzzedLines_NeverThrowsAndIsConsistent()
    {
        var random = new Random(8445);
        string[] seeds =
        [
            "candidate:2716431765 1 udp 2113937151 0f7b0e3c-6c2d.local 54321 typ host generation 0 ufrag Ab12 network-cost 999",
            "candidate:842163049 1 udp 1677729535 203.0.113.7 61000 typ srflx raddr 10.0.0.2 rport 50000 generation 0",
            "candidate:1 1 udp 1845501695 ::1 9 typ prflx",
        ];
        const string alphabet = "candidate: typrflxhostraddrport0123456789.:-/+abcdefgz \t";
        var chars = new char[300];
        var parsed = 0;
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < 100_000; i++)
        {
            string input;
            if ((i & 1) == 0)
            {
                var length = random.Next(chars.Length);
                for (var k = 0; k < length; k++)
                {
                    chars[k] = (i & 2) == 0 ? alphabet[random.Next(alphabet.Length)] : (char)random.Next(0, 0x3000);
                }

                input = (i & 4) == 0 ? "candidate:" + new string(chars, 0, length) : new string(chars, 0, length);
            }
            else
            {
                var seed = seeds[random.Next(seeds.Length)].ToCharArray();
                for (var edits = random.Next(1, 4); edits > 0; edits--)
                {
                    seed[random.Next(seed.Length)] = alphabet[random.Next(alphabet.Length)];
                }

                input = new string(seed, 0, random.Next(seed.Length / 2, seed.Length + 1));
            }

            var error = IceCandidate.TryParse(input, out var candidate);
            Assert.True(Enum.IsDefined(error));
            Assert.Equal(error == IceCandidateParseError.None, candidate is not null);
            if (candidate is not null)
            {
                parsed++;
                Assert.Equal(IceCandidateParseError.None, IceCandidate.TryParse(candidate.ToString(), out var again));
                Assert.Equal(candidate.ToString(), again!.ToString());
            }
        }

        Assert.InRange(parsed, 1, 99_999);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(20), $"took {stopwatch.Elapsed}");
    }
}
