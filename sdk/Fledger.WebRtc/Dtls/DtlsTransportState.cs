namespace Fledger.WebRtc.Dtls;

/// <summary>State of a <see cref="DtlsTransport"/>, as in the browser's <c>RTCDtlsTransportState</c>.</summary>
public enum DtlsTransportState
{
    /// <summary>Created; the handshake has not started (early records are buffered).</summary>
    New,

    /// <summary>The handshake is running.</summary>
    Connecting,

    /// <summary>Handshake done and the peer's fingerprint verified; application data flows.</summary>
    Connected,

    /// <summary>Closed by either side with close_notify, or locally disposed.</summary>
    Closed,

    /// <summary>The handshake failed (timeout, fingerprint mismatch, alert) or a fatal error occurred later.</summary>
    Failed,
}
