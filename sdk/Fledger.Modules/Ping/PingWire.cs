using System.Buffers.Binary;

namespace Fledger.Modules.Ping;

/// <summary>Kinds of ping wire messages.</summary>
public enum PingKind : byte
{
    /// <summary>A ping; the receiver answers with a pong carrying the same nonce.</summary>
    Ping = 1,

    /// <summary>The answer to a ping.</summary>
    Pong = 2,
}

/// <summary>Why a ping payload was rejected.</summary>
public enum PingWireError
{
    /// <summary>No error.</summary>
    None,

    /// <summary>Not exactly <see cref="PingWire.Length"/> bytes.</summary>
    WrongLength,

    /// <summary>A version other than <see cref="PingWire.Version"/>.</summary>
    UnsupportedVersion,

    /// <summary>An unknown message kind.</summary>
    UnknownKind,
}

/// <summary>
/// The ping wire encoding: exactly 10 bytes, <c>u8 version = 1 | u8 kind (1 ping, 2 pong) | u64 nonce (big-endian)</c>.
/// </summary>
public static class PingWire
{
    /// <summary>The encoding version.</summary>
    public const byte Version = 1;

    /// <summary>The length of every ping message.</summary>
    public const int Length = 10;

    /// <summary>Encodes a message.</summary>
    public static byte[] Encode(PingKind kind, ulong nonce)
    {
        var bytes = new byte[Length];
        bytes[0] = Version;
        bytes[1] = (byte)kind;
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(2), nonce);
        return bytes;
    }

    /// <summary>Decodes a message; never throws.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> data, out PingKind kind, out ulong nonce, out PingWireError error)
    {
        kind = default;
        nonce = 0;
        if (data.Length != Length)
        {
            error = PingWireError.WrongLength;
            return false;
        }

        if (data[0] != Version)
        {
            error = PingWireError.UnsupportedVersion;
            return false;
        }

        if (data[1] is not ((byte)PingKind.Ping or (byte)PingKind.Pong))
        {
            error = PingWireError.UnknownKind;
            return false;
        }

        kind = (PingKind)data[1];
        nonce = BinaryPrimitives.ReadUInt64BigEndian(data[2..]);
        error = PingWireError.None;
        return true;
    }
}
