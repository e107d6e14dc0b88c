using System.Buffers.Binary;

namespace Fledger.WebRtc.Sctp;

/// <summary>Encodes and decodes SCTP packets: common header, CRC32c and bundled chunks.</summary>
/// <remarks>
/// RFC 9260 §3 and §6.10 (bundling); the checksum is CRC32c stored little-endian (RFC 9260 Appendix A).
/// Parsing never throws and never trusts a length field.
/// </remarks>
public static class SctpPacket
{
    /// <summary>Size of the common header.</summary>
    public const int CommonHeaderSize = 12;

    /// <summary>Largest packet the parser accepts.</summary>
    public const int MaxPacketSize = 65535;

    /// <summary>Most chunks the parser accepts in one packet.</summary>
    public const int MaxChunks = 256;

    /// <summary>Parses a packet; on success the chunks are appended to <paramref name="chunks"/>.</summary>
    /// <param name="packet">The datagram.</param>
    /// <param name="header">The common header (valid when the size was valid).</param>
    /// <param name="chunks">Receives the parsed chunks (cleared first).</param>
    /// <param name="verifyChecksum">Whether to check the CRC32c.</param>
    /// <returns><see cref="SctpParseError.None"/> or why the packet was refused.</returns>
    public static SctpParseError TryParse(ReadOnlySpan<byte> packet, out SctpCommonHeader header, List<SctpChunk> chunks, bool verifyChecksum = true) =>
        TryParse(packet, out header, chunks, verifyChecksum, pooledData: false);

    /// <summary>As the public overload; with <paramref name="pooledData"/> DATA payloads live in <see cref="SctpBufferPool.Packets"/> arrays the caller returns.</summary>
    internal static SctpParseError TryParse(ReadOnlySpan<byte> packet, out SctpCommonHeader header, List<SctpChunk> chunks, bool verifyChecksum, bool pooledData)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        chunks.Clear();
        header = default;
        if (packet.Length < CommonHeaderSize || packet.Length > MaxPacketSize)
        {
            return SctpParseError.InvalidPacketSize;
        }

        header = new SctpCommonHeader(SctpWire.ReadUInt16(packet), SctpWire.ReadUInt16(packet[2..]), SctpWire.ReadUInt32(packet[4..]));
        if (verifyChecksum && BinaryPrimitives.ReadUInt32LittleEndian(packet[8..]) != Crc32C.ComputePacket(packet))
        {
            return SctpParseError.BadChecksum;
        }

        var rest = packet[CommonHeaderSize..];
        while (rest.Length > 0)
        {
            if (chunks.Count >= MaxChunks)
            {
                return SctpParseError.TooManyChunks;
            }

            if (rest.Length < 4)
            {
                return SctpParseError.InvalidChunkLength;
            }

            var type = rest[0];
            var flags = rest[1];
            int length = SctpWire.ReadUInt16(rest[2..]);
            if (length < 4 || length > rest.Length)
            {
                return SctpParseError.InvalidChunkLength;
            }

            var error = SctpChunkParser.TryParse(type, flags, rest[4..length], pooledData, out var chunk);
            if (error != SctpParseError.None)
            {
                return error;
            }

            chunks.Add(chunk!);
            if (chunk is UnknownChunk && (type & 0x80) == 0)
            {
                break;
            }

            var padded = SctpWire.Pad4(length);
            rest = padded >= rest.Length ? default : rest[padded..];
        }

        if (chunks.Count > 1 && chunks.Exists(static c => c.Type is SctpChunkType.Init or SctpChunkType.InitAck or SctpChunkType.ShutdownComplete))
        {
            return SctpParseError.InvalidBundling;
        }

        return SctpParseError.None;
    }

    /// <summary>Bytes needed to write <paramref name="chunks"/> in one packet.</summary>
    public static int GetLength(IReadOnlyList<SctpChunk> chunks)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        var length = CommonHeaderSize;
        foreach (var chunk in chunks)
        {
            length += chunk.WireLength;
        }

        return length;
    }

    /// <summary>Writes a packet with its checksum; returns the number of bytes written.</summary>
    /// <exception cref="ArgumentException">The destination is too small.</exception>
    public static int Write(Span<byte> destination, SctpCommonHeader header, IReadOnlyList<SctpChunk> chunks)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        var length = GetLength(chunks);
        if (destination.Length < length)
        {
            throw new ArgumentException("The destination is too small for the packet.", nameof(destination));
        }

        WriteHeader(destination, header);
        var offset = CommonHeaderSize;
        foreach (var chunk in chunks)
        {
            offset += WriteChunk(destination[offset..], chunk);
        }

        Seal(destination[..offset]);
        return offset;
    }

    internal static void WriteHeader(Span<byte> destination, SctpCommonHeader header)
    {
        SctpWire.WriteUInt16(destination, header.SourcePort);
        SctpWire.WriteUInt16(destination[2..], header.DestinationPort);
        SctpWire.WriteUInt32(destination[4..], header.VerificationTag);
        SctpWire.WriteUInt32(destination[8..], 0);
    }

    /// <summary>Writes a chunk with header and padding; returns the padded size.</summary>
    internal static int WriteChunk(Span<byte> destination, SctpChunk chunk)
    {
        var valueLength = chunk.ValueLength;
        destination[0] = (byte)chunk.Type;
        destination[1] = chunk.Flags;
        SctpWire.WriteUInt16(destination[2..], (ushort)(4 + valueLength));
        chunk.WriteValue(destination.Slice(4, valueLength));
        var padded = chunk.WireLength;
        destination[(4 + valueLength)..padded].Clear();
        return padded;
    }

    /// <summary>Computes and stores the CRC32c of a complete packet.</summary>
    internal static void Seal(Span<byte> packet) =>
        BinaryPrimitives.WriteUInt32LittleEndian(packet[8..], Crc32C.ComputePacket(packet));
}
