namespace Fledger.Net.Browser;

/// <summary>What the JS module reports about a data channel when it is created or announced.</summary>
/// <param name="Handle">The module's handle for the channel.</param>
/// <param name="Label">The channel label.</param>
/// <param name="Ordered">Whether delivery is ordered.</param>
/// <param name="MaxRetransmits">Retransmit limit, if partially reliable.</param>
/// <param name="MaxPacketLifeTime">Lifetime limit in ms, if partially reliable.</param>
/// <param name="Negotiated">Whether the channel was negotiated out of band.</param>
/// <param name="Id">SCTP stream id, once known.</param>
/// <param name="ReadyState">connecting, open, closing or closed.</param>
public sealed record DataChannelInfo(
    int Handle,
    string Label,
    bool Ordered,
    int? MaxRetransmits,
    int? MaxPacketLifeTime,
    bool Negotiated,
    int? Id,
    string ReadyState);
