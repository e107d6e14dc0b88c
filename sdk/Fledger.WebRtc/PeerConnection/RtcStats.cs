using System.Net;
using Fledger.WebRtc.Dtls;
using Fledger.WebRtc.Ice;
using Fledger.WebRtc.Sctp;

namespace Fledger.WebRtc.PeerConnection;

/// <summary>A snapshot of a peer connection's state and counters (subset of the browser's <c>getStats()</c>).</summary>
/// <param name="ConnectionState">Aggregate state.</param>
/// <param name="IceState">ICE connection state.</param>
/// <param name="DtlsState">DTLS transport state.</param>
/// <param name="LocalCandidateType">Our candidate type on the selected pair (host/srflx/prflx), when there is one.</param>
/// <param name="RemoteCandidateType">The peer's candidate type on the selected pair.</param>
/// <param name="LocalAddress">Our address on the selected pair as the peer sees it.</param>
/// <param name="RemoteAddress">The peer's address on the selected pair.</param>
/// <param name="BytesSent">DTLS bytes sent on the pair (excluding STUN).</param>
/// <param name="BytesReceived">DTLS bytes received on the pair (excluding STUN).</param>
/// <param name="RoundTripTime">Latest STUN round trip on the selected pair.</param>
/// <param name="DtlsHandshakeDuration">How long the DTLS handshake took, once connected.</param>
/// <param name="SctpState">SCTP association state, once it exists.</param>
/// <param name="Sctp">SCTP counters (retransmissions, congestion window, RTO), once the association exists.</param>
/// <param name="Setup">When each setup phase was reached (see <see cref="RtcSetupTimings"/>).</param>
public sealed record RtcStats(
    RtcPeerConnectionState ConnectionState,
    IceConnectionState IceState,
    DtlsTransportState DtlsState,
    IceCandidateType? LocalCandidateType,
    IceCandidateType? RemoteCandidateType,
    IPEndPoint? LocalAddress,
    IPEndPoint? RemoteAddress,
    long BytesSent,
    long BytesReceived,
    TimeSpan? RoundTripTime,
    TimeSpan? DtlsHandshakeDuration,
    SctpAssociationState? SctpState,
    SctpAssociationStatistics? Sctp,
    RtcSetupTimings? Setup = null);
