namespace Fledger.WebRtc.Dcep;

/// <summary>DCEP channel types (RFC 8832 §5.1); the 0x80 bit means unordered.</summary>
public enum DataChannelType : byte
{
    /// <summary>Reliable, ordered.</summary>
    Reliable = 0x00,

    /// <summary>Reliable, unordered.</summary>
    ReliableUnordered = 0x80,

    /// <summary>Limited retransmissions, ordered; the reliability parameter is the retransmission count.</summary>
    PartialReliableRexmit = 0x01,

    /// <summary>Limited retransmissions, unordered.</summary>
    PartialReliableRexmitUnordered = 0x81,

    /// <summary>Limited lifetime in milliseconds, ordered.</summary>
    PartialReliableTimed = 0x02,

    /// <summary>Limited lifetime in milliseconds, unordered.</summary>
    PartialReliableTimedUnordered = 0x82,
}
