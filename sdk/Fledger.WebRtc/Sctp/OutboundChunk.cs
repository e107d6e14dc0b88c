namespace Fledger.WebRtc.Sctp;

/// <summary>One DATA fragment that was given a TSN; kept until cumulatively acknowledged.</summary>
internal sealed class OutboundChunk
{
    public OutboundChunk(OutboundMessage message, int offset, int length, bool beginning, bool ending, uint tsn)
    {
        Message = message;
        Offset = offset;
        Length = length;
        Beginning = beginning;
        Ending = ending;
        Tsn = tsn;
    }

    public OutboundMessage Message { get; }

    public int Offset { get; }

    public int Length { get; }

    public bool Beginning { get; }

    public bool Ending { get; }

    public uint Tsn { get; }

    /// <summary>Bytes this chunk counts against cwnd / rwnd (payload plus the DATA header).</summary>
    public int Size => Length + DataChunk.HeaderLength + 4;

    public int TransmitCount { get; set; }

    public long SentAt { get; set; }

    /// <summary>Acknowledged by a gap block.</summary>
    public bool GapAcked { get; set; }

    /// <summary>Counted in the flight size.</summary>
    public bool InFlight { get; set; }

    public bool NeedsRetransmit { get; set; }

    public bool FastRetransmit { get; set; }

    /// <summary>Already fast-retransmitted once; later losses are left to T3 (RFC 9260 §7.2.4).</summary>
    public bool WasFastRetransmitted { get; set; }

    public int MissIndications { get; set; }

    public bool Abandoned { get; set; }
}
