namespace Fledger.WebRtc.Ice;

/// <summary>Why a <c>candidate:</c> attribute could not be parsed.</summary>
/// <remarks><see href="https://www.rfc-editor.org/rfc/rfc8839#section-5.1">RFC 8839 §5.1</see>.</remarks>
public enum IceCandidateParseError
{
    /// <summary>Parsed successfully.</summary>
    None = 0,

    /// <summary>Empty, too long, or not starting with <c>candidate:</c>.</summary>
    BadPrefix,

    /// <summary>Fewer than the eight mandatory fields.</summary>
    TooFewFields,

    /// <summary>Foundation is empty, longer than 32 chars or not ice-chars.</summary>
    BadFoundation,

    /// <summary>Component id is not 1–256.</summary>
    BadComponent,

    /// <summary>Transport is not a token.</summary>
    BadTransport,

    /// <summary>Priority is not 1–2^31-1.</summary>
    BadPriority,

    /// <summary>Connection address is neither an IP address nor a host name.</summary>
    BadAddress,

    /// <summary>Port is not 0–65535.</summary>
    BadPort,

    /// <summary>The <c>typ</c> keyword is missing.</summary>
    MissingType,

    /// <summary>The candidate type is not host, srflx, prflx or relay.</summary>
    BadType,

    /// <summary><c>raddr</c>/<c>rport</c> is malformed or incomplete.</summary>
    BadRelatedAddress,

    /// <summary>An extension name has no value, or a known extension has a bad value.</summary>
    BadExtension,
}
