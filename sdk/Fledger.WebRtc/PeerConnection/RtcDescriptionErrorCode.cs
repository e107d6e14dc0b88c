namespace Fledger.WebRtc.PeerConnection;

/// <summary>Why a description was refused by <c>SetLocalDescriptionAsync</c> / <c>SetRemoteDescriptionAsync</c>.</summary>
public enum RtcDescriptionErrorCode
{
    /// <summary>The SDP did not parse (see <see cref="RtcDescriptionError.Sdp"/>).</summary>
    InvalidSdp,

    /// <summary>Not allowed in the current signaling state (e.g. an answer without an offer, or renegotiation).</summary>
    WrongState,

    /// <summary><c>a=setup</c> values that do not give exactly one DTLS client (RFC 8842 §5.2).</summary>
    IncompatibleSetup,

    /// <summary>The local description is not the one this connection created.</summary>
    NotCreatedHere,

    /// <summary>The connection is closed.</summary>
    Closed,
}
