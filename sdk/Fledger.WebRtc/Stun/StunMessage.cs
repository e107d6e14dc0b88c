using System.Net;

namespace Fledger.WebRtc.Stun;

/// <summary>A parsed STUN message with the attributes ICE uses decoded into typed properties.</summary>
/// <remarks>
/// Produced by <see cref="TryParse"/>; built on the wire with <see cref="StunWriter"/>.
/// <see href="https://www.rfc-editor.org/rfc/rfc8489">RFC 8489</see> (compatible with RFC 5389),
/// ICE attributes from <see href="https://www.rfc-editor.org/rfc/rfc8445#section-7.1">RFC 8445 §7.1</see>.
/// Unknown comprehension-optional attributes (e.g. Chromium's 0xC057) are skipped.
/// </remarks>
public sealed partial record StunMessage
{
    /// <summary>The STUN magic cookie.</summary>
    public const uint MagicCookie = 0x2112A442;

    /// <summary>The size of the STUN header in bytes.</summary>
    public const int HeaderLength = 20;

    /// <summary>The message class.</summary>
    public required StunClass Class { get; init; }

    /// <summary>The message method.</summary>
    public required StunMethod Method { get; init; }

    /// <summary>The transaction id.</summary>
    public required StunTransactionId TransactionId { get; init; }

    /// <summary>USERNAME, if present (for ICE: <c>receiverUfrag:senderUfrag</c>).</summary>
    public string? Username { get; init; }

    /// <summary>SOFTWARE, if present.</summary>
    public string? Software { get; init; }

    /// <summary>PRIORITY, if present.</summary>
    public uint? Priority { get; init; }

    /// <summary>ICE-CONTROLLING tie-breaker, if present.</summary>
    public ulong? IceControlling { get; init; }

    /// <summary>ICE-CONTROLLED tie-breaker, if present.</summary>
    public ulong? IceControlled { get; init; }

    /// <summary>Whether USE-CANDIDATE is present.</summary>
    public bool UseCandidate { get; init; }

    /// <summary>The decoded XOR-MAPPED-ADDRESS, if present.</summary>
    public IPEndPoint? XorMappedAddress { get; init; }

    /// <summary>The ERROR-CODE number (300–699), if present.</summary>
    public int? ErrorCode { get; init; }

    /// <summary>The ERROR-CODE reason phrase, if present.</summary>
    public string? ErrorReason { get; init; }

    /// <summary>
    /// The byte offset of the MESSAGE-INTEGRITY attribute header in the parsed datagram, or -1 when absent.
    /// Pass it to <see cref="VerifyIntegrity"/> together with the same datagram.
    /// </summary>
    public int IntegrityOffset { get; init; } = -1;

    /// <summary>Whether a (valid) FINGERPRINT attribute was present.</summary>
    public bool HasFingerprint { get; init; }

    /// <summary>The UNKNOWN-ATTRIBUTES list of a 420 error response (empty when absent).</summary>
    public IReadOnlyList<ushort> UnknownAttributes { get; init; } = [];

    /// <summary>Unknown comprehension-required attribute types (answer a request with 420).</summary>
    public IReadOnlyList<ushort> UnknownRequiredAttributes { get; init; } = [];

    /// <summary>Whether MESSAGE-INTEGRITY was present.</summary>
    public bool HasIntegrity => IntegrityOffset >= 0;
}
