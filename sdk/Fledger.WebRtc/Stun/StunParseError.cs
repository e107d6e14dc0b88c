namespace Fledger.WebRtc.Stun;

/// <summary>Why a datagram could not be parsed as a STUN message.</summary>
/// <remarks><see href="https://www.rfc-editor.org/rfc/rfc8489#section-6.3">RFC 8489 §6.3</see>.</remarks>
public enum StunParseError
{
    /// <summary>Parsed successfully.</summary>
    None = 0,

    /// <summary>Shorter than the 20-byte header.</summary>
    TooShort,

    /// <summary>The two most significant bits are not zero: not STUN.</summary>
    NotStun,

    /// <summary>The magic cookie is not 0x2112A442.</summary>
    BadMagicCookie,

    /// <summary>The header length is not a multiple of 4 or does not match the datagram size.</summary>
    LengthMismatch,

    /// <summary>An attribute's length runs past the end of the message.</summary>
    AttributeOverrun,

    /// <summary>A known attribute has an invalid length or value.</summary>
    MalformedAttribute,

    /// <summary>FINGERPRINT is present but its CRC does not match.</summary>
    BadFingerprint,

    /// <summary>An attribute follows FINGERPRINT, which must be last.</summary>
    AttributeAfterFingerprint,

    /// <summary>
    /// The message is well formed but carries comprehension-required attributes this codec does not know.
    /// The message is still returned so a request can be answered with 420 (Unknown Attribute).
    /// </summary>
    UnknownComprehensionRequired,
}
