namespace Fledger.WebRtc.Sctp;

/// <summary>A snapshot of an association's counters and congestion state (values may be slightly stale).</summary>
/// <param name="PacketsSent">SCTP packets handed to the transport.</param>
/// <param name="PacketsReceived">Datagrams taken from the transport (valid or not).</param>
/// <param name="DataChunksSent">DATA chunks sent for the first time.</param>
/// <param name="DataChunksReceived">DATA chunks received, duplicates included.</param>
/// <param name="Retransmissions">DATA chunks sent again (T3 or fast retransmit).</param>
/// <param name="FastRetransmissions">Chunks marked for fast retransmit (RFC 9260 §7.2.4).</param>
/// <param name="T3Expirations">Retransmission timer expiries.</param>
/// <param name="DuplicateTsnsReceived">DATA chunks received more than once.</param>
/// <param name="ForwardTsnsSent">FORWARD TSN chunks sent (RFC 3758).</param>
/// <param name="AbandonedMessages">Partially reliable messages given up.</param>
/// <param name="CongestionWindow">cwnd in bytes.</param>
/// <param name="SlowStartThreshold">ssthresh in bytes.</param>
/// <param name="FlightSize">Bytes sent and not yet acknowledged.</param>
/// <param name="Rto">Current retransmission timeout.</param>
public sealed record SctpAssociationStatistics(
    long PacketsSent,
    long PacketsReceived,
    long DataChunksSent,
    long DataChunksReceived,
    long Retransmissions,
    long FastRetransmissions,
    long T3Expirations,
    long DuplicateTsnsReceived,
    long ForwardTsnsSent,
    long AbandonedMessages,
    int CongestionWindow,
    int SlowStartThreshold,
    int FlightSize,
    TimeSpan Rto);
