namespace Fledger.WebRtc.Stun;

/// <summary>A STUN method (12 bits). Only Binding is used by ICE; other values parse as their number.</summary>
/// <remarks><see href="https://www.rfc-editor.org/rfc/rfc8489#section-18.2">RFC 8489 §18.2</see>.</remarks>
public enum StunMethod : ushort
{
    /// <summary>The Binding method (0x001).</summary>
    Binding = 0x001,
}
