namespace Fledger.WebRtc.Ice;

/// <summary>The type of an ICE candidate.</summary>
/// <remarks><see href="https://www.rfc-editor.org/rfc/rfc8445#section-5.1.1">RFC 8445 §5.1.1</see>.</remarks>
public enum IceCandidateType
{
    /// <summary>A local interface address (<c>host</c>).</summary>
    Host,

    /// <summary>An address learned from a STUN server (<c>srflx</c>).</summary>
    ServerReflexive,

    /// <summary>An address learned from connectivity checks (<c>prflx</c>).</summary>
    PeerReflexive,

    /// <summary>A TURN relay address (<c>relay</c>).</summary>
    Relay,
}
