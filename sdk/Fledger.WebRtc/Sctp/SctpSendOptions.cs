namespace Fledger.WebRtc.Sctp;

/// <summary>Delivery options of one message.</summary>
/// <remarks>
/// Partial reliability follows RFC 3758 §4 and RFC 8831 §6.1: at most one of
/// <see cref="MaxRetransmits"/> and <see cref="MaxPacketLifetime"/>; abandoned data is skipped with FORWARD TSN.
/// </remarks>
/// <param name="Unordered">Deliver as soon as complete, not in stream order.</param>
/// <param name="MaxRetransmits">Retransmissions after which the message is abandoned; <c>null</c> for reliable.</param>
/// <param name="MaxPacketLifetime">Time after which an unacknowledged message is abandoned; <c>null</c> for reliable.</param>
public readonly record struct SctpSendOptions(bool Unordered = false, int? MaxRetransmits = null, TimeSpan? MaxPacketLifetime = null);
