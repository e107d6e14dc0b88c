namespace Fledger.WebRtc.Ice;

/// <summary>The ICE role of an agent.</summary>
/// <remarks><see href="https://www.rfc-editor.org/rfc/rfc8445#section-6.1.1">RFC 8445 §6.1.1</see>: the offerer starts controlling.</remarks>
public enum IceRole
{
    /// <summary>Nominates the pair to use.</summary>
    Controlling,

    /// <summary>Accepts the controlling agent's nomination.</summary>
    Controlled,
}
