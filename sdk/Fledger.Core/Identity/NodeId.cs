using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json.Serialization;

namespace Fledger.Core.Identity;

/// <summary>
/// The 32-byte identifier of a node: the SHA-256 digest of its Ed25519 public key.
/// </summary>
/// <remarks>
/// Because the id is a digest of the key, a node cannot claim an id without holding the
/// matching private key: whoever verifies a signature derives the id from the verified key.
/// Hashing (rather than using the key itself) keeps the id fixed-size and independent of
/// the key algorithm. The text form is 64 lowercase hex characters.
/// Stored as four big-endian 64-bit words so that equality and hashing are allocation-free.
/// </remarks>
[JsonConverter(typeof(NodeIdJsonConverter))]
public readonly record struct NodeId : IComparable<NodeId>
{
    /// <summary>Length of an id in bytes.</summary>
    public const int ByteLength = 32;

    /// <summary>Length of the hex text form.</summary>
    public const int HexLength = ByteLength * 2;

    private readonly ulong _w0;
    private readonly ulong _w1;
    private readonly ulong _w2;
    private readonly ulong _w3;

    private NodeId(ulong w0, ulong w1, ulong w2, ulong w3)
    {
        _w0 = w0;
        _w1 = w1;
        _w2 = w2;
        _w3 = w3;
    }

    /// <summary>Creates an id from exactly <see cref="ByteLength"/> bytes.</summary>
    /// <exception cref="ArgumentException">The span is not 32 bytes long.</exception>
    public static NodeId FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (!TryFromBytes(bytes, out var id))
        {
            throw new ArgumentException($"A node id is {ByteLength} bytes, got {bytes.Length}.", nameof(bytes));
        }

        return id;
    }

    /// <summary>Creates an id from bytes; returns false when the span is not 32 bytes long.</summary>
    public static bool TryFromBytes(ReadOnlySpan<byte> bytes, out NodeId id)
    {
        if (bytes.Length != ByteLength)
        {
            id = default;
            return false;
        }

        id = new NodeId(
            BinaryPrimitives.ReadUInt64BigEndian(bytes),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]));
        return true;
    }

    /// <summary>Derives the id of an Ed25519 public key: SHA-256 of its 32 raw bytes.</summary>
    public static NodeId FromPublicKey(ReadOnlySpan<byte> publicKey)
    {
        Span<byte> digest = stackalloc byte[ByteLength];
        SHA256.HashData(publicKey, digest);
        return FromBytes(digest);
    }

    /// <summary>Writes the 32 id bytes into <paramref name="destination"/> (at least 32 bytes).</summary>
    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _w0);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _w1);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], _w2);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], _w3);
    }

    /// <summary>Returns a new array with the 32 id bytes.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[ByteLength];
        WriteTo(bytes);
        return bytes;
    }

    /// <summary>Parses the 64-character hex form (either case).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out NodeId id, out NodeIdParseError error)
    {
        id = default;
        if (text.IsEmpty)
        {
            error = NodeIdParseError.Empty;
            return false;
        }

        if (text.Length != HexLength)
        {
            error = NodeIdParseError.WrongLength;
            return false;
        }

        Span<byte> bytes = stackalloc byte[ByteLength];
        var status = Convert.FromHexString(text, bytes, out _, out var written);
        if (status != System.Buffers.OperationStatus.Done || written != ByteLength)
        {
            error = NodeIdParseError.InvalidCharacter;
            return false;
        }

        id = FromBytes(bytes);
        error = NodeIdParseError.None;
        return true;
    }

    /// <summary>Parses the 64-character hex form; false for null or invalid text.</summary>
    public static bool TryParse(string? text, out NodeId id) => TryParse(text.AsSpan(), out id, out _);

    /// <summary>The 64-character lowercase hex form.</summary>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[ByteLength];
        WriteTo(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    /// <summary>The first 8 hex characters, for logs and UIs.</summary>
    public string ToShortString() => ToString()[..8];

    /// <inheritdoc />
    public int CompareTo(NodeId other)
    {
        var c = _w0.CompareTo(other._w0);
        if (c != 0)
        {
            return c;
        }

        c = _w1.CompareTo(other._w1);
        if (c != 0)
        {
            return c;
        }

        c = _w2.CompareTo(other._w2);
        return c != 0 ? c : _w3.CompareTo(other._w3);
    }
}
