namespace Fledger.WebRtc.Sctp;

/// <summary>Association states (RFC 9260 §4).</summary>
public enum SctpAssociationState
{
    /// <summary>Not connected (before <see cref="SctpAssociation.Start"/>, or after the end).</summary>
    Closed,

    /// <summary>INIT sent, waiting for INIT ACK.</summary>
    CookieWait,

    /// <summary>COOKIE ECHO sent, waiting for COOKIE ACK.</summary>
    CookieEchoed,

    /// <summary>Data flows both ways.</summary>
    Established,

    /// <summary>Local shutdown requested; waiting for outstanding data to be acknowledged.</summary>
    ShutdownPending,

    /// <summary>SHUTDOWN sent.</summary>
    ShutdownSent,

    /// <summary>SHUTDOWN received; finishing outstanding data.</summary>
    ShutdownReceived,

    /// <summary>SHUTDOWN ACK sent.</summary>
    ShutdownAckSent,
}
