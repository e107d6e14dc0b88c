namespace Fledger.WebRtc.Stun;

/// <summary>STUN attribute type codes understood by this codec.</summary>
/// <remarks>
/// <see href="https://www.rfc-editor.org/rfc/rfc8489#section-18.3">RFC 8489 §18.3</see>,
/// <see href="https://www.rfc-editor.org/rfc/rfc8445#section-16.1">RFC 8445 §16.1</see>.
/// Types below 0x8000 are comprehension-required, the others comprehension-optional.
/// </remarks>
public static class StunAttributeType
{
    /// <summary>MAPPED-ADDRESS (legacy; accepted and ignored).</summary>
    public const ushort MappedAddress = 0x0001;

    /// <summary>USERNAME.</summary>
    public const ushort Username = 0x0006;

    /// <summary>MESSAGE-INTEGRITY (HMAC-SHA1, 20 bytes).</summary>
    public const ushort MessageIntegrity = 0x0008;

    /// <summary>ERROR-CODE.</summary>
    public const ushort ErrorCode = 0x0009;

    /// <summary>UNKNOWN-ATTRIBUTES.</summary>
    public const ushort UnknownAttributes = 0x000A;

    /// <summary>XOR-MAPPED-ADDRESS.</summary>
    public const ushort XorMappedAddress = 0x0020;

    /// <summary>PRIORITY (ICE).</summary>
    public const ushort Priority = 0x0024;

    /// <summary>USE-CANDIDATE (ICE).</summary>
    public const ushort UseCandidate = 0x0025;

    /// <summary>SOFTWARE.</summary>
    public const ushort Software = 0x8022;

    /// <summary>FINGERPRINT (CRC-32 XOR 0x5354554E).</summary>
    public const ushort Fingerprint = 0x8028;

    /// <summary>ICE-CONTROLLED (tie-breaker).</summary>
    public const ushort IceControlled = 0x8029;

    /// <summary>ICE-CONTROLLING (tie-breaker).</summary>
    public const ushort IceControlling = 0x802A;

    /// <summary>Whether <paramref name="type"/> is comprehension-required (below 0x8000).</summary>
    public static bool IsComprehensionRequired(ushort type) => type < 0x8000;
}
