namespace Fledger.WebRtc.Sctp;

/// <summary>A snapshot of an association's counters and congestion state (values may be slightly stale).</summary>
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
