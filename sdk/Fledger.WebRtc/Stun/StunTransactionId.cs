using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Fledger.WebRtc.Stun;

/// <summary>A 96-bit STUN transaction id, stored inline (no allocation).</summary>
/// <remarks><see href="https://www.rfc-editor.org/rfc/rfc8489#section-5">RFC 8489 §5</see>.</remarks>
public readonly record struct StunTransactionId
{
    /// <summary>The length of a transaction id in bytes.</summary>
    public const int Length = 12;

    private readonly ulong _high;
    private readonly uint _low;

    private StunTransactionId(ulong high, uint low)
    {
        _high = high;
        _low = low;
    }

    /// <summary>Reads a transaction id from the first 12 bytes of <paramref name="source"/>.</summary>
    public static StunTransactionId Read(ReadOnlySpan<byte> source) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(source), BinaryPrimitives.ReadUInt32BigEndian(source[8..]));

    /// <summary>Creates a random transaction id from a cryptographic source.</summary>
    public static StunTransactionId NewRandom()
    {
        Span<byte> bytes = stackalloc byte[Length];
        RandomNumberGenerator.Fill(bytes);
        return Read(bytes);
    }

    /// <summary>Creates a transaction id from the given random source.</summary>
    public static StunTransactionId NewRandom(Action<Span<byte>> fill)
    {
        ArgumentNullException.ThrowIfNull(fill);
        Span<byte> bytes = stackalloc byte[Length];
        fill(bytes);
        return Read(bytes);
    }

    /// <summary>Writes the 12 bytes to <paramref name="destination"/>.</summary>
    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _high);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], _low);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{_high:x16}{_low:x8}";
}
