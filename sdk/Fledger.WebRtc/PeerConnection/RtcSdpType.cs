namespace Fledger.WebRtc.PeerConnection;

/// <summary>The type of a session description (browser <c>RTCSdpType</c>, without pranswer/rollback).</summary>
public enum RtcSdpType
{
    /// <summary>An offer.</summary>
    Offer,

    /// <summary>An answer.</summary>
    Answer,
}
