using Fledger.Net.WebRtc;
using Fledger.WebRtc.Dtls;
using Fledger.WebRtc.Ice;
using Fledger.WebRtc.PeerConnection;
using Fledger.WebRtc.Sctp;

namespace Fledger.Net.Native;

/// <summary>Maps the managed stack's <see cref="RtcStats"/> to the platform-neutral <see cref="ConnectionStats"/>.</summary>
internal static class NativeStats
{
    public static ConnectionStats From(RtcStats stats, bool channelOpen) => new(
        stats.ConnectionState switch
        {
            RtcPeerConnectionState.New => PeerConnectionState.New,
            RtcPeerConnectionState.Connected when channelOpen => PeerConnectionState.Connected,
            RtcPeerConnectionState.Connecting or RtcPeerConnectionState.Connected => PeerConnectionState.Connecting,
            RtcPeerConnectionState.Disconnected => PeerConnectionState.Disconnected,
            RtcPeerConnectionState.Failed => PeerConnectionState.Failed,
            _ => PeerConnectionState.Closed,
        },
        stats.IceState switch
        {
            IceConnectionState.New => IceState.New,
            IceConnectionState.Checking => IceState.Checking,
            IceConnectionState.Connected => IceState.Connected,
            IceConnectionState.Completed => IceState.Completed,
            IceConnectionState.Disconnected => IceState.Disconnected,
            IceConnectionState.Failed => IceState.Failed,
            _ => IceState.Closed,
        },
        stats.DtlsState switch
        {
            DtlsTransportState.New => DtlsState.New,
            DtlsTransportState.Connecting => DtlsState.Connecting,
            DtlsTransportState.Connected => DtlsState.Connected,
            DtlsTransportState.Failed => DtlsState.Failed,
            _ => DtlsState.Closed,
        },
        stats.SctpState switch
        {
            null => SctpState.New,
            SctpAssociationState.Established => SctpState.Connected,
            SctpAssociationState.CookieWait or SctpAssociationState.CookieEchoed => SctpState.Connecting,
            _ => SctpState.Closed,
        },
        Candidate(stats.LocalCandidateType),
        Candidate(stats.RemoteCandidateType),
        stats.BytesSent,
        stats.BytesReceived,
        stats.RoundTripTime);

    private static CandidateType Candidate(IceCandidateType? type) => type switch
    {
        IceCandidateType.Host => CandidateType.Host,
        IceCandidateType.ServerReflexive => CandidateType.Srflx,
        IceCandidateType.PeerReflexive => CandidateType.Prflx,
        IceCandidateType.Relay => CandidateType.Relay,
        _ => CandidateType.Unknown,
    };
}
