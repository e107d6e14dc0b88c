namespace Fledger.WebRtc.DataChannels;

/// <summary>Options of <see cref="DataChannelManager.CreateDataChannel"/>, as in W3C RTCDataChannelInit.</summary>
/// <remarks>At most one of <see cref="MaxRetransmits"/> and <see cref="MaxPacketLifeTime"/> (RFC 8831 §6.1).</remarks>
public sealed record RtcDataChannelInit
{
    /// <summary>In-order delivery. Default true.</summary>
    public bool Ordered { get; init; } = true;

    /// <summary>Retransmissions before a message is abandoned; <c>null</c> for reliable.</summary>
    public int? MaxRetransmits { get; init; }

    /// <summary>Lifetime after which an unacknowledged message is abandoned; <c>null</c> for reliable.</summary>
    public TimeSpan? MaxPacketLifeTime { get; init; }

    /// <summary>Sub-protocol name. Default empty.</summary>
    public string Protocol { get; init; } = string.Empty;

    /// <summary>True when both sides create the channel with the same <see cref="Id"/> and no DCEP handshake runs.</summary>
    public bool Negotiated { get; init; }

    /// <summary>The stream id; required when <see cref="Negotiated"/>, otherwise chosen by parity (RFC 8832 §6).</summary>
    public ushort? Id { get; init; }

    /// <summary>DCEP priority (RFC 8831 §6.4). Default 256 (normal).</summary>
    public ushort Priority { get; init; } = 256;
}
