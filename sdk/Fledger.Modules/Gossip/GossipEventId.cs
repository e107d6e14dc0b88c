using System.Buffers.Binary;

namespace Fledger.Modules.Gossip;

/// <summary>The 32-byte id of a gossip event: SHA-256 of its unsigned canonical encoding (see <see cref="GossipEvent"/>).</summary>
public readonly record struct GossipEventId : IComparable<GossipEventId>
{
    /// <summary>Length of an id in bytes.</summary>
    public const int ByteLength = 32;

    private readonly ulong _w0;
    private readonly ulong _w1;
    private readonly ulong _w2;
    private readonly ulong _w3;

    private GossipEventId(ulong w0, ulong w1, ulong w2, ulong w3) => (_w0, _w1, _w2, _w3) = (w0, w1, w2, w3);

    /// <summary>Creates an id from exactly 32 bytes; false for any other length.</summary>
    public static bool TryFromBytes(ReadOnlySpan<byte> bytes, out GossipEventId id)
    {
        if (bytes.Length != ByteLength)
        {
            id = default;
            return false;
        }

        id = new GossipEventId(
            BinaryPrimitives.ReadUInt64BigEndian(bytes),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]));
        return true;
    }

    /// <summary>Writes the 32 id bytes into <paramref name="destination"/>.</summary>
    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _w0);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _w1);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], _w2);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], _w3);
    }

    /// <summary>The 64-character lowercase hex form (also the storage key).</summary>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[ByteLength];
        WriteTo(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    /// <summary>Parses the hex form; false for anything else.</summary>
    public static bool TryParse(string? text, out GossipEventId id)
    {
        id = default;
        Span<byte> bytes = stackalloc byte[ByteLength];
        return text is { Length: ByteLength * 2 }
            && Convert.FromHexString(text, bytes, out _, out var written) == System.Buffers.OperationStatus.Done
            && written == ByteLength
            && TryFromBytes(bytes, out id);
    }

    /// <inheritdoc />
    public int CompareTo(GossipEventId other)
    {
        var c = _w0.CompareTo(other._w0);
        if (c == 0)
        {
            c = _w1.CompareTo(other._w1);
        }

        if (c == 0)
        {
            c = _w2.CompareTo(other._w2);
        }

        return c != 0 ? c : _w3.CompareTo(other._w3);
    }
}
