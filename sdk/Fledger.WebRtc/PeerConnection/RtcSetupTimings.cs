namespace Fledger.WebRtc.PeerConnection;

/// <summary>
/// When each connection-setup phase of an <see cref="RtcPeerConnection"/> was first reached, as the time elapsed since
/// the connection was created (measured with <see cref="RtcConfiguration.TimeProvider"/>); null while not reached.
/// </summary>
/// <remarks>
/// Phases in the order they normally occur: descriptions applied, host candidates gathered (socket bound), ICE
/// connected (first valid pair, RFC 8445 §7.2.5.3.2), DTLS handshake started and connected (RFC 6347), ICE
/// nominated (RFC 8445 §8.1.1; may come after DTLS), SCTP association established (RFC 9260 §5.1), first data
/// channel open (RFC 8832). Differences between neighbours are the per-layer setup costs.
/// </remarks>
/// <param name="LocalDescriptionSet">Our offer or answer was applied.</param>
/// <param name="RemoteDescriptionSet">The peer's offer or answer was applied.</param>
/// <param name="CandidatesGathered">The host candidates were gathered and trickled (socket bound).</param>
/// <param name="IceConnected">ICE found its first valid pair.</param>
/// <param name="IceNominated">ICE nominated a pair (state Completed).</param>
/// <param name="DtlsStarted">The DTLS handshake started.</param>
/// <param name="DtlsConnected">The DTLS handshake completed.</param>
/// <param name="SctpEstablished">The SCTP association was established.</param>
/// <param name="ChannelOpen">The first data channel (ours or the peer's) was open.</param>
public sealed record RtcSetupTimings(
    TimeSpan? LocalDescriptionSet,
    TimeSpan? RemoteDescriptionSet,
    TimeSpan? CandidatesGathered,
    TimeSpan? IceConnected,
    TimeSpan? IceNominated,
    TimeSpan? DtlsStarted,
    TimeSpan? DtlsConnected,
    TimeSpan? SctpEstablished,
    TimeSpan? ChannelOpen);
