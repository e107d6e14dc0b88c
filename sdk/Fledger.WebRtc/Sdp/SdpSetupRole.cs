namespace Fledger.WebRtc.Sdp;

/// <summary>The <c>a=setup</c> attribute: which side opens the DTLS connection.</summary>
/// <remarks>RFC 8842 §5.1 / RFC 4145 §4.</remarks>
public enum SdpSetupRole
{
    /// <summary><c>actpass</c>: the offerer lets the answerer choose (required in offers, RFC 8842 §5.2).</summary>
    ActPass,

    /// <summary><c>active</c>: this side is the DTLS client.</summary>
    Active,

    /// <summary><c>passive</c>: this side is the DTLS server.</summary>
    Passive,

    /// <summary><c>holdconn</c>: no connection (not used by WebRTC).</summary>
    HoldConn,
}
