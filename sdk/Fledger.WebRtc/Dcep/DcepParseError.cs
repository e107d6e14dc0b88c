namespace Fledger.WebRtc.Dcep;

/// <summary>Why a DCEP message was refused.</summary>
public enum DcepParseError
{
    /// <summary>No error.</summary>
    None,

    /// <summary>The message is empty.</summary>
    Empty,

    /// <summary>The first byte is neither OPEN (0x03) nor ACK (0x02).</summary>
    UnknownMessageType,

    /// <summary>Shorter than the fixed OPEN header.</summary>
    TooShort,

    /// <summary>Label and protocol lengths do not add up to the message length.</summary>
    LengthMismatch,

    /// <summary>The channel type is not one RFC 8832 defines.</summary>
    InvalidChannelType,

    /// <summary>Label or protocol is not valid UTF-8.</summary>
    InvalidUtf8,
}
