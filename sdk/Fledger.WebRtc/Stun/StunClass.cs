namespace Fledger.WebRtc.Stun;

/// <summary>The class of a STUN message (the C1/C0 bits of the message type).</summary>
/// <remarks><see href="https://www.rfc-editor.org/rfc/rfc8489#section-5">RFC 8489 §5</see>.</remarks>
public enum StunClass
{
    /// <summary>A request (0b00).</summary>
    Request = 0,

    /// <summary>An indication (0b01).</summary>
    Indication = 1,

    /// <summary>A success response (0b10).</summary>
    SuccessResponse = 2,

    /// <summary>An error response (0b11).</summary>
    ErrorResponse = 3,
}
