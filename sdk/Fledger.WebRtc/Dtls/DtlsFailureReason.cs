namespace Fledger.WebRtc.Dtls;

/// <summary>Why a <see cref="DtlsTransport"/> ended up <see cref="DtlsTransportState.Failed"/>.</summary>
public enum DtlsFailureReason
{
    /// <summary>Not failed.</summary>
    None,

    /// <summary>The peer's certificate does not match the fingerprint from its SDP, or it sent none.</summary>
    FingerprintMismatch,

    /// <summary>The handshake did not finish within <see cref="DtlsTransportOptions.HandshakeTimeout"/>.</summary>
    Timeout,

    /// <summary>The peer sent a fatal alert.</summary>
    AlertReceived,

    /// <summary>A protocol error detected locally (bad message, no common cipher suite, ...).</summary>
    ProtocolError,

    /// <summary>The transport was closed or cancelled while the handshake ran.</summary>
    Cancelled,
}
