namespace Fledger.WebRtc.Sctp;

/// <summary>A DATA chunk: one fragment of a user message.</summary>
/// <remarks>RFC 9260 §3.3.1. Flags: I (0x08) immediate SACK, U (0x04) unordered, B (0x02) first fragment, E (0x01) last fragment.</remarks>
public sealed record DataChunk(
    uint Tsn,
    ushort StreamId,
    ushort StreamSequence,
    uint PayloadProtocolId,
    bool Unordered,
    bool Beginning,
    bool Ending,
    bool Immediate,
    ReadOnlyMemory<byte> UserData) : SctpChunk
{
    internal const int HeaderLength = 12;

    /// <inheritdoc/>
    public override SctpChunkType Type => SctpChunkType.Data;

    internal override byte Flags => MakeFlags(Unordered, Beginning, Ending, Immediate);

    internal override int ValueLength => HeaderLength + UserData.Length;

    /// <summary>The I bit of the DATA chunk flags: acknowledge at once (RFC 7053 §3).</summary>
    internal const byte ImmediateFlag = 8;

    internal static byte MakeFlags(bool unordered, bool beginning, bool ending, bool immediate) =>
        (byte)((immediate ? ImmediateFlag : 0) | (unordered ? 4 : 0) | (beginning ? 2 : 0) | (ending ? 1 : 0));

    internal static void WriteHeader(Span<byte> destination, uint tsn, ushort streamId, ushort ssn, uint ppid)
    {
        SctpWire.WriteUInt32(destination, tsn);
        SctpWire.WriteUInt16(destination[4..], streamId);
        SctpWire.WriteUInt16(destination[6..], ssn);
        SctpWire.WriteUInt32(destination[8..], ppid);
    }

    internal override void WriteValue(Span<byte> destination)
    {
        WriteHeader(destination, Tsn, StreamId, StreamSequence, PayloadProtocolId);
        UserData.Span.CopyTo(destination[HeaderLength..]);
    }
}
