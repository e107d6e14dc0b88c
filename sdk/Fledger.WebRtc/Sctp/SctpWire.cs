using System.Buffers.Binary;

namespace Fledger.WebRtc.Sctp;

/// <summary>Big-endian field helpers shared by the SCTP and DCEP codecs.</summary>
internal static class SctpWire
{
    public static int Pad4(int length) => (length + 3) & ~3;

    public static void WriteUInt32(Span<byte> destination, uint value) => BinaryPrimitives.WriteUInt32BigEndian(destination, value);

    public static void WriteUInt16(Span<byte> destination, ushort value) => BinaryPrimitives.WriteUInt16BigEndian(destination, value);

    public static uint ReadUInt32(ReadOnlySpan<byte> source) => BinaryPrimitives.ReadUInt32BigEndian(source);

    public static ushort ReadUInt16(ReadOnlySpan<byte> source) => BinaryPrimitives.ReadUInt16BigEndian(source);

    /// <summary>Writes a TLV parameter (type, length = 4 + value) and zero padding; returns the padded size.</summary>
    public static int WriteParameter(Span<byte> destination, ushort type, ReadOnlySpan<byte> value)
    {
        WriteUInt16(destination, type);
        WriteUInt16(destination[2..], (ushort)(4 + value.Length));
        value.CopyTo(destination[4..]);
        var padded = Pad4(4 + value.Length);
        destination[(4 + value.Length)..Math.Min(padded, destination.Length)].Clear();
        return padded;
    }

    /// <summary>
    /// Walks TLV parameters. Returns false on a length below 4 or beyond the input; the final parameter may lack its padding.
    /// </summary>
    public static bool TryReadParameter(ref ReadOnlySpan<byte> input, out ushort type, out ReadOnlySpan<byte> value)
    {
        type = 0;
        value = default;
        if (input.Length < 4)
        {
            return false;
        }

        type = ReadUInt16(input);
        int length = ReadUInt16(input[2..]);
        if (length < 4 || length > input.Length)
        {
            return false;
        }

        value = input[4..length];
        var padded = Pad4(length);
        input = padded >= input.Length ? default : input[padded..];
        return true;
    }

    /// <summary>TSN / SSN serial-number comparison (RFC 1982 style, 32 bits).</summary>
    public static bool TsnLess(uint a, uint b) => (int)(a - b) < 0;

    public static bool TsnLessOrEqual(uint a, uint b) => (int)(a - b) <= 0;

    public static bool SsnLess(ushort a, ushort b) => (short)(a - b) < 0;
}
