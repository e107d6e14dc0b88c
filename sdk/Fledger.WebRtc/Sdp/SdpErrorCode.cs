namespace Fledger.WebRtc.Sdp;

/// <summary>Why an SDP text was refused.</summary>
public enum SdpErrorCode
{
    /// <summary>Longer than <see cref="SdpLimits.MaxLength"/> characters.</summary>
    TooLarge,

    /// <summary>More than <see cref="SdpLimits.MaxLines"/> lines, or a line longer than <see cref="SdpLimits.MaxLineLength"/>.</summary>
    TooManyLines,

    /// <summary>A line is not <c>&lt;letter&gt;=&lt;value&gt;</c> or contains control characters.</summary>
    MalformedLine,

    /// <summary>The first line is not <c>v=0</c>.</summary>
    MissingVersion,

    /// <summary>No valid <c>o=</c> line.</summary>
    MalformedOrigin,

    /// <summary>No <c>m=application ... UDP/DTLS/SCTP webrtc-datachannel</c> (or legacy DTLS/SCTP) section.</summary>
    NoApplicationMedia,

    /// <summary>An <c>m=</c> line with a bad port or too few fields.</summary>
    MalformedMediaLine,

    /// <summary>No <c>a=ice-ufrag</c> at media or session level.</summary>
    MissingIceUfrag,

    /// <summary><c>a=ice-ufrag</c> is not 4–256 ice-chars.</summary>
    InvalidIceUfrag,

    /// <summary>No <c>a=ice-pwd</c> at media or session level.</summary>
    MissingIcePwd,

    /// <summary><c>a=ice-pwd</c> is not 22–256 ice-chars.</summary>
    InvalidIcePwd,

    /// <summary>No <c>a=fingerprint</c> with a supported hash function.</summary>
    MissingFingerprint,

    /// <summary>An <c>a=fingerprint</c> with a supported hash function but malformed value.</summary>
    InvalidFingerprint,

    /// <summary><c>a=setup</c> has an unknown value.</summary>
    InvalidSetup,

    /// <summary><c>a=sctp-port</c> is not 1–65535.</summary>
    InvalidSctpPort,

    /// <summary><c>a=max-message-size</c> is not a non-negative integer.</summary>
    InvalidMaxMessageSize,

    /// <summary>More than <see cref="SdpLimits.MaxCandidates"/> candidates, or a candidate line that is not <c>candidate:...</c>.</summary>
    InvalidCandidate,
}
