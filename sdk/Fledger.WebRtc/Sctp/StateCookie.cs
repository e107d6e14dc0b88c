using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Fledger.WebRtc.Sctp;

/// <summary>
/// The state cookie of INIT ACK: everything needed to build the association when COOKIE ECHO returns,
/// authenticated with HMAC-SHA256 under a per-association secret, with a creation time.
/// </summary>
/// <remarks>RFC 9260 §5.1.3 (generating) and §5.1.5 (validating); no state is kept between INIT and COOKIE ECHO.</remarks>
internal readonly record struct StateCookie(
    uint LocalTag,
    uint PeerTag,
    uint LocalInitialTsn,
    uint PeerInitialTsn,
    uint PeerReceiveWindow,
    ushort PeerOutboundStreams,
    ushort PeerInboundStreams,
    bool PeerForwardTsn,
    bool PeerReConfig,
    long CreatedUnixMs)
{
    private const byte Version = 1;
    private const int BodyLength = 38;
    public const int Length = BodyLength + 32;

    public byte[] Seal(ReadOnlySpan<byte> secret)
    {
        var cookie = new byte[Length];
        var body = cookie.AsSpan(0, BodyLength);
        body[0] = Version;
        BinaryPrimitives.WriteUInt32BigEndian(body[1..], LocalTag);
        BinaryPrimitives.WriteUInt32BigEndian(body[5..], PeerTag);
        BinaryPrimitives.WriteUInt32BigEndian(body[9..], LocalInitialTsn);
        BinaryPrimitives.WriteUInt32BigEndian(body[13..], PeerInitialTsn);
        BinaryPrimitives.WriteUInt32BigEndian(body[17..], PeerReceiveWindow);
        BinaryPrimitives.WriteUInt16BigEndian(body[21..], PeerOutboundStreams);
        BinaryPrimitives.WriteUInt16BigEndian(body[23..], PeerInboundStreams);
        body[25] = (byte)((PeerForwardTsn ? 1 : 0) | (PeerReConfig ? 2 : 0));
        BinaryPrimitives.WriteInt64BigEndian(body[26..], CreatedUnixMs);
        body[34..].Clear();
        HMACSHA256.HashData(secret, body, cookie.AsSpan(BodyLength));
        return cookie;
    }

    /// <summary>Checks size, version and MAC; the caller checks the age.</summary>
    public static bool TryOpen(ReadOnlySpan<byte> cookie, ReadOnlySpan<byte> secret, out StateCookie result)
    {
        result = default;
        if (cookie.Length != Length || cookie[0] != Version)
        {
            return false;
        }

        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(secret, cookie[..BodyLength], mac);
        if (!CryptographicOperations.FixedTimeEquals(mac, cookie[BodyLength..]))
        {
            return false;
        }

        result = new StateCookie(
            BinaryPrimitives.ReadUInt32BigEndian(cookie[1..]),
            BinaryPrimitives.ReadUInt32BigEndian(cookie[5..]),
            BinaryPrimitives.ReadUInt32BigEndian(cookie[9..]),
            BinaryPrimitives.ReadUInt32BigEndian(cookie[13..]),
            BinaryPrimitives.ReadUInt32BigEndian(cookie[17..]),
            BinaryPrimitives.ReadUInt16BigEndian(cookie[21..]),
            BinaryPrimitives.ReadUInt16BigEndian(cookie[23..]),
            (cookie[25] & 1) != 0,
            (cookie[25] & 2) != 0,
            BinaryPrimitives.ReadInt64BigEndian(cookie[26..]));
        return true;
    }
}
