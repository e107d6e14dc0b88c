namespace Fledger.WebRtc.Sctp;

/// <summary>A stream and the last SSN skipped on it by a FORWARD TSN.</summary>
public readonly record struct ForwardTsnStream(ushort StreamId, ushort StreamSequence);

/// <summary>FORWARD TSN (RFC 3758 §3.2): moves the receiver's cumulative TSN past abandoned data.</summary>
public sealed record ForwardTsnChunk(uint NewCumulativeTsn, IReadOnlyList<ForwardTsnStream> Streams) : SctpChunk
{
    /// <inheritdoc/>
    public override SctpChunkType Type => SctpChunkType.ForwardTsn;

    internal override int ValueLength => 4 + (4 * Streams.Count);

    internal override void WriteValue(Span<byte> destination)
    {
        SctpWire.WriteUInt32(destination, NewCumulativeTsn);
        var offset = 4;
        foreach (var s in Streams)
        {
            SctpWire.WriteUInt16(destination[offset..], s.StreamId);
            SctpWire.WriteUInt16(destination[(offset + 2)..], s.StreamSequence);
            offset += 4;
        }
    }
}
