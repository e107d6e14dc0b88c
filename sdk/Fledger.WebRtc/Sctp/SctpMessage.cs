namespace Fledger.WebRtc.Sctp;

/// <summary>A complete user message received on a stream.</summary>
/// <param name="StreamId">The stream it arrived on.</param>
/// <param name="PayloadProtocolId">The PPID (RFC 8831 §8: 50 DCEP, 51 string, 53 binary, 56/57 empty).</param>
/// <param name="Data">The reassembled payload; owned by the receiver.</param>
/// <param name="Unordered">Whether it was sent unordered.</param>
public sealed record SctpMessage(ushort StreamId, uint PayloadProtocolId, ReadOnlyMemory<byte> Data, bool Unordered);
