namespace Fledger.WebRtc.PeerConnection;

/// <summary>A session description to send over signaling (browser <c>RTCSessionDescriptionInit</c>).</summary>
/// <param name="Type">Offer or answer.</param>
/// <param name="Sdp">The SDP text.</param>
public sealed record RtcSessionDescription(RtcSdpType Type, string Sdp);
