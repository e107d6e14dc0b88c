namespace Fledger.Net.WebRtc;

/// <summary>The overall state of a peer connection (as <c>RTCPeerConnectionState</c>; Connected = data channel open).</summary>
public enum PeerConnectionState
{
    /// <summary>Created, nothing exchanged.</summary>
    New,

    /// <summary>Offer/answer and ICE/DTLS/SCTP in progress.</summary>
    Connecting,

    /// <summary>The data channel is open.</summary>
    Connected,

    /// <summary>Connectivity lost; may recover.</summary>
    Disconnected,

    /// <summary>Failed for good.</summary>
    Failed,

    /// <summary>Closed by either side.</summary>
    Closed,
}

/// <summary>ICE transport state (RFC 8445 / <c>RTCIceTransportState</c>).</summary>
public enum IceState
{
    /// <summary>Not started.</summary>
    New,

    /// <summary>Connectivity checks running.</summary>
    Checking,

    /// <summary>A pair works.</summary>
    Connected,

    /// <summary>Nomination done.</summary>
    Completed,

    /// <summary>Consent or connectivity lost.</summary>
    Disconnected,

    /// <summary>No pair works.</summary>
    Failed,

    /// <summary>Closed.</summary>
    Closed,
}

/// <summary>DTLS transport state (<c>RTCDtlsTransportState</c>).</summary>
public enum DtlsState
{
    /// <summary>Not started.</summary>
    New,

    /// <summary>Handshake running.</summary>
    Connecting,

    /// <summary>Handshake done, fingerprint verified.</summary>
    Connected,

    /// <summary>Closed (close_notify).</summary>
    Closed,

    /// <summary>Handshake or fingerprint failed.</summary>
    Failed,
}

/// <summary>SCTP association state (<c>RTCSctpTransportState</c>).</summary>
public enum SctpState
{
    /// <summary>Not started.</summary>
    New,

    /// <summary>INIT/COOKIE exchange running.</summary>
    Connecting,

    /// <summary>Established.</summary>
    Connected,

    /// <summary>Shut down or aborted.</summary>
    Closed,
}

/// <summary>ICE candidate type (RFC 8445 §5.1.1).</summary>
public enum CandidateType
{
    /// <summary>Not known (no selected pair yet, or not reported).</summary>
    Unknown,

    /// <summary>A local interface address.</summary>
    Host,

    /// <summary>Server reflexive: the address a STUN server saw.</summary>
    Srflx,

    /// <summary>Peer reflexive: learned from a connectivity check.</summary>
    Prflx,

    /// <summary>A TURN relay address.</summary>
    Relay,
}
