namespace Fledger.WebRtc.Sctp;

/// <summary>A gap ack block: TSNs cumulative + Start .. cumulative + End were received.</summary>
public readonly record struct GapAckBlock(ushort Start, ushort End);

/// <summary>SACK (RFC 9260 §3.3.4): cumulative TSN ack, receiver window, gap ack blocks and duplicate TSNs.</summary>
public sealed record SackChunk(
    uint CumulativeTsnAck,
    uint AdvertisedReceiverWindow,
    IReadOnlyList<GapAckBlock> GapBlocks,
    IReadOnlyList<uint> DuplicateTsns) : SctpChunk
{
    /// <inheritdoc/>
    public override SctpChunkType Type => SctpChunkType.Sack;

    internal override int ValueLength => 12 + (4 * GapBlocks.Count) + (4 * DuplicateTsns.Count);

    internal override void WriteValue(Span<byte> destination)
    {
        SctpWire.WriteUInt32(destination, CumulativeTsnAck);
        SctpWire.WriteUInt32(destination[4..], AdvertisedReceiverWindow);
        SctpWire.WriteUInt16(destination[8..], (ushort)GapBlocks.Count);
        SctpWire.WriteUInt16(destination[10..], (ushort)DuplicateTsns.Count);
        var offset = 12;
        foreach (var gap in GapBlocks)
        {
            SctpWire.WriteUInt16(destination[offset..], gap.Start);
            SctpWire.WriteUInt16(destination[(offset + 2)..], gap.End);
            offset += 4;
        }

        foreach (var tsn in DuplicateTsns)
        {
            SctpWire.WriteUInt32(destination[offset..], tsn);
            offset += 4;
        }
    }
}
