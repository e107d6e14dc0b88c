namespace Fledger.WebRtc.Dcep;

/// <summary>A Data Channel Establishment Protocol message (RFC 8832 §5), sent with PPID 50.</summary>
public abstract record DcepMessage;

/// <summary>DATA_CHANNEL_OPEN (type 0x03, RFC 8832 §5.1).</summary>
/// <param name="ChannelType">Ordering and reliability.</param>
/// <param name="Priority">Channel priority (RFC 8831 §6.4).</param>
/// <param name="ReliabilityParameter">Retransmissions or lifetime in ms, per <paramref name="ChannelType"/>; 0 for reliable.</param>
/// <param name="Label">The channel label (UTF-8 on the wire).</param>
/// <param name="Protocol">The sub-protocol (UTF-8 on the wire), usually empty.</param>
public sealed record DcepOpen(DataChannelType ChannelType, ushort Priority, uint ReliabilityParameter, string Label, string Protocol) : DcepMessage;

/// <summary>DATA_CHANNEL_ACK (type 0x02, RFC 8832 §5.2): a single byte.</summary>
public sealed record DcepAck : DcepMessage;
