namespace Fledger.Net.Browser;

/// <summary>Options of a new data channel (RTCDataChannelInit); null keeps the browser default.</summary>
/// <remarks>
/// At most one of <see cref="MaxRetransmits"/> and <see cref="MaxPacketLifeTime"/> may be set
/// (RFC 8831 §6.1). Negotiated channels skip DCEP and need the same <see cref="Id"/> on both sides.
/// </remarks>
public sealed record DataChannelOptions
{
    /// <summary>Reliable, ordered, in-band negotiated: the browser default.</summary>
    public static DataChannelOptions Default { get; } = new();

    /// <summary>Whether messages arrive in order (default true).</summary>
    public bool? Ordered { get; init; }

    /// <summary>Partial reliability: retransmit at most this many times.</summary>
    public int? MaxRetransmits { get; init; }

    /// <summary>Partial reliability: retransmit for at most this many milliseconds.</summary>
    public int? MaxPacketLifeTime { get; init; }

    /// <summary>True when both sides create the channel themselves with the same <see cref="Id"/>.</summary>
    public bool? Negotiated { get; init; }

    /// <summary>The SCTP stream id of a negotiated channel.</summary>
    public int? Id { get; init; }
}
