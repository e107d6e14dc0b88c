using Fledger.Net.WebRtc;

namespace Fledger.Net.Browser;

/// <summary>Maps the browser's getStats() strings to the platform-neutral <see cref="ConnectionStats"/>.</summary>
internal static class StatsMapper
{
    public static ConnectionStats ToConnectionStats(PeerConnectionStats stats, PeerConnectionState state) => new(
        state,
        Ice(stats.IceState),
        Dtls(stats.DtlsState),
        Sctp(stats.SctpState),
        Candidate(stats.LocalCandidateType),
        Candidate(stats.RemoteCandidateType),
        stats.ChannelBytesSent,
        stats.ChannelBytesReceived,
        stats.CurrentRoundTripTimeMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null);

    public static IceState Ice(string? state) => state switch
    {
        "checking" => IceState.Checking,
        "connected" => IceState.Connected,
        "completed" => IceState.Completed,
        "disconnected" => IceState.Disconnected,
        "failed" => IceState.Failed,
        "closed" => IceState.Closed,
        _ => IceState.New,
    };

    public static DtlsState Dtls(string? state) => state switch
    {
        "connecting" => DtlsState.Connecting,
        "connected" => DtlsState.Connected,
        "closed" => DtlsState.Closed,
        "failed" => DtlsState.Failed,
        _ => DtlsState.New,
    };

    public static SctpState Sctp(string? state) => state switch
    {
        "connecting" => SctpState.Connecting,
        "connected" => SctpState.Connected,
        "closed" => SctpState.Closed,
        _ => SctpState.New,
    };

    public static CandidateType Candidate(string? type) => type switch
    {
        "host" => CandidateType.Host,
        "srflx" => CandidateType.Srflx,
        "prflx" => CandidateType.Prflx,
        "relay" => CandidateType.Relay,
        _ => CandidateType.Unknown,
    };
}
