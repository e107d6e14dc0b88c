using Fledger.Net.Browser;
using Fledger.Net.WebRtc;

namespace Fledger.Browser.Tests;

/// <summary>Mapping of getStats() strings to the platform-neutral ConnectionStats (no browser needed).</summary>
public sealed class StatsMapperTests
{
    [Fact]
    public void ToConnectionStats_ConnectedPair_MapsStatesTypesBytesAndRtt()
    {
        var stats = new PeerConnectionStats("connected", "completed", "connected", "connected", 1200, 3400,
            "prflx", "host", "10.200.0.1", "x.local", 9000, 9100, 2.5);

        var mapped = StatsMapper.ToConnectionStats(stats, PeerConnectionState.Connected);

        Assert.Equal(new ConnectionStats(PeerConnectionState.Connected, IceState.Completed, DtlsState.Connected,
            SctpState.Connected, CandidateType.Prflx, CandidateType.Host, 1200, 3400, TimeSpan.FromMilliseconds(2.5)), mapped);
    }

    [Theory]
    [InlineData(null, CandidateType.Unknown)]
    [InlineData("host", CandidateType.Host)]
    [InlineData("srflx", CandidateType.Srflx)]
    [InlineData("relay", CandidateType.Relay)]
    [InlineData("bogus", CandidateType.Unknown)]
    public void Candidate_AnyString_MapsOrIsUnknown(string? type, CandidateType expected) =>
        Assert.Equal(expected, StatsMapper.Candidate(type));

    [Fact]
    public void States_UnknownOrMissingStrings_MapToNew()
    {
        Assert.Equal(IceState.New, StatsMapper.Ice("weird"));
        Assert.Equal(DtlsState.New, StatsMapper.Dtls(null));
        Assert.Equal(SctpState.New, StatsMapper.Sctp("new"));
        Assert.Equal(IceState.Disconnected, StatsMapper.Ice("disconnected"));
        Assert.Equal(DtlsState.Failed, StatsMapper.Dtls("failed"));
        Assert.Equal(SctpState.Closed, StatsMapper.Sctp("closed"));
    }
}
