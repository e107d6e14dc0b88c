namespace Fledger.WebRtc.PeerConnection;

/// <summary>Aggregate state of ICE and DTLS (browser <c>RTCPeerConnectionState</c>).</summary>
public enum RtcPeerConnectionState
{
    /// <summary>Nothing started.</summary>
    New,

    /// <summary>ICE checking or DTLS handshaking.</summary>
    Connecting,

    /// <summary>ICE has a working pair and DTLS is connected.</summary>
    Connected,

    /// <summary>ICE lost consent temporarily.</summary>
    Disconnected,

    /// <summary>ICE or DTLS failed (including a fingerprint mismatch).</summary>
    Failed,

    /// <summary>Closed locally, or the peer closed DTLS (close_notify).</summary>
    Closed,
}
