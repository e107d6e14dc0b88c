namespace Fledger.WebRtc.Sctp;

/// <summary>Why an association ended.</summary>
public enum SctpCloseReason
{
    /// <summary>Graceful shutdown completed (RFC 9260 §9.2).</summary>
    Shutdown,

    /// <summary>The local side aborted.</summary>
    LocalAbort,

    /// <summary>The peer sent ABORT.</summary>
    PeerAbort,

    /// <summary>Too many unanswered retransmissions or heartbeats, or the handshake timed out.</summary>
    Timeout,

    /// <summary>The association was disposed.</summary>
    Disposed,
}
