namespace Fledger.WebRtc.PeerConnection;

/// <summary>Offer/answer state (browser <c>RTCSignalingState</c>, without provisional answers).</summary>
/// <remarks>RFC 8829 §3.2 / §4.1.8.</remarks>
public enum RtcSignalingState
{
    /// <summary>No exchange in progress.</summary>
    Stable,

    /// <summary>Our offer is set as local description; waiting for the answer.</summary>
    HaveLocalOffer,

    /// <summary>The peer's offer is set as remote description; create and set our answer.</summary>
    HaveRemoteOffer,

    /// <summary>Closed.</summary>
    Closed,
}
