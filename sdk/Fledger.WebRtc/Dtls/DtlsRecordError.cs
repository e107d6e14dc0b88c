namespace Fledger.WebRtc.Dtls;

/// <summary>Why bytes are not a valid DTLS record (header).</summary>
public enum DtlsRecordError
{
    /// <summary>Valid.</summary>
    None,

    /// <summary>Fewer than 13 bytes left for a record header.</summary>
    TooShort,

    /// <summary>Content type is not 20–23 or 25.</summary>
    UnknownContentType,

    /// <summary>Version is neither DTLS 1.0 (0xFEFF) nor DTLS 1.2 (0xFEFD).</summary>
    UnsupportedVersion,

    /// <summary>The length field exceeds the bytes present.</summary>
    Truncated,

    /// <summary>The length field exceeds 2^14 + 2048 (RFC 6347 §4.1 / RFC 5246 §6.2.3).</summary>
    LengthTooLarge,

    /// <summary>An epoch-0 record that is not a handshake or alert (plaintext application data is never valid).</summary>
    PlaintextNotAllowed,
}
