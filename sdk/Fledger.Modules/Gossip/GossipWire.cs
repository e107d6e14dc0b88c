using System.Buffers.Binary;
using Fledger.Core.Codec;

namespace Fledger.Modules.Gossip;

/// <summary>Kinds of gossip wire messages.</summary>
public enum GossipWireKind : byte
{
    /// <summary>"I have these new events": ids the receiver may pull.</summary>
    Announce = 1,

    /// <summary>"Send me these events": ids the sender lacks.</summary>
    Request = 2,

    /// <summary>Encoded events (the answer to a request).</summary>
    Events = 3,

    /// <summary>Anti-entropy: the sender's most recent ids; the receiver pulls what it lacks and announces what the sender lacks.</summary>
    Digest = 4,
}

/// <summary>Why a gossip payload was rejected.</summary>
public enum GossipWireError
{
    /// <summary>No error.</summary>
    None,

    /// <summary>Larger than <see cref="GossipWire.MaxPayloadBytes"/>.</summary>
    TooLarge,

    /// <summary>Shorter than its fields say, or bytes left over.</summary>
    BadLength,

    /// <summary>A version other than <see cref="GossipWire.Version"/>.</summary>
    UnsupportedVersion,

    /// <summary>An unknown message kind.</summary>
    UnknownKind,

    /// <summary>More items than the kind allows.</summary>
    TooManyItems,
}

/// <summary>A decoded gossip wire message: ids (announce, request, digest) or encoded events (events).</summary>
public sealed record GossipWireMessage(GossipWireKind Kind, IReadOnlyList<GossipEventId> Ids, IReadOnlyList<ReadOnlyMemory<byte>> Events);

/// <summary>
/// The gossip wire encoding (big-endian): <c>u8 version = 1 | u8 kind | u16 count | items</c>, where items are
/// <c>count × 32-byte id</c> for announce, request and digest, and <c>count × (u16 length | encoded event)</c> for
/// events. Limits: <see cref="MaxIds"/> ids, <see cref="MaxEvents"/> events, <see cref="MaxPayloadBytes"/> in all.
/// Events are decoded and verified separately by <see cref="GossipEvent.TryDecode"/>.
/// </summary>
public static class GossipWire
{
    /// <summary>The encoding version.</summary>
    public const byte Version = 1;

    /// <summary>Maximum ids in one announce, request or digest.</summary>
    public const int MaxIds = 256;

    /// <summary>Maximum events in one events message.</summary>
    public const int MaxEvents = 32;

    /// <summary>Maximum size of one gossip payload (64 KiB).</summary>
    public const int MaxPayloadBytes = 64 * 1024;

    private const int HeaderLength = 4;

    /// <summary>Encodes an id message (at most <see cref="MaxIds"/> ids; a caller bug otherwise).</summary>
    public static byte[] EncodeIds(GossipWireKind kind, IReadOnlyCollection<GossipEventId> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (kind == GossipWireKind.Events || ids.Count > MaxIds)
        {
            throw new ArgumentException($"An id message holds at most {MaxIds} ids.", nameof(ids));
        }

        var bytes = new byte[HeaderLength + (ids.Count * GossipEventId.ByteLength)];
        WriteHeader(bytes, kind, ids.Count);
        var offset = HeaderLength;
        foreach (var id in ids)
        {
            id.WriteTo(bytes.AsSpan(offset));
            offset += GossipEventId.ByteLength;
        }

        return bytes;
    }

    /// <summary>
    /// Encodes as many of <paramref name="events"/> (from <paramref name="start"/>) as fit the limits; returns how many.
    /// </summary>
    public static byte[] EncodeEvents(IReadOnlyList<GossipEvent> events, int start, out int taken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var length = HeaderLength;
        taken = 0;
        while (start + taken < events.Count && taken < MaxEvents
            && length + 2 + events[start + taken].Encoded.Length <= MaxPayloadBytes)
        {
            length += 2 + events[start + taken].Encoded.Length;
            taken++;
        }

        var bytes = new byte[length];
        WriteHeader(bytes, GossipWireKind.Events, taken);
        var offset = HeaderLength;
        for (var i = 0; i < taken; i++)
        {
            var encoded = events[start + i].Encoded.Span;
            BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(offset), (ushort)encoded.Length);
            encoded.CopyTo(bytes.AsSpan(offset + 2));
            offset += 2 + encoded.Length;
        }

        return bytes;
    }

    /// <summary>Decodes a payload. Never throws; returns a typed error for any bad input.</summary>
    public static bool TryDecode(ReadOnlyMemory<byte> payload, out GossipWireMessage? message, out GossipWireError error)
    {
        message = null;
        if (payload.Length > MaxPayloadBytes)
        {
            error = GossipWireError.TooLarge;
            return false;
        }

        var reader = new SpanReader(payload.Span);
        if (!reader.TryReadByte(out var version) || !reader.TryReadByte(out var kindByte) || !reader.TryRead(2, out var countBytes))
        {
            error = GossipWireError.BadLength;
            return false;
        }

        if (version != Version)
        {
            error = GossipWireError.UnsupportedVersion;
            return false;
        }

        var kind = (GossipWireKind)kindByte;
        var count = BinaryPrimitives.ReadUInt16BigEndian(countBytes);
        if (!Enum.IsDefined(kind))
        {
            error = GossipWireError.UnknownKind;
            return false;
        }

        if (count > (kind == GossipWireKind.Events ? MaxEvents : MaxIds))
        {
            error = GossipWireError.TooManyItems;
            return false;
        }

        var ids = new List<GossipEventId>(kind == GossipWireKind.Events ? 0 : count);
        var events = new List<ReadOnlyMemory<byte>>(kind == GossipWireKind.Events ? count : 0);
        for (var i = 0; i < count; i++)
        {
            if (kind == GossipWireKind.Events)
            {
                var offset = payload.Length - reader.Remaining;
                if (!reader.TryRead(2, out var lengthBytes) || !reader.TryRead(BinaryPrimitives.ReadUInt16BigEndian(lengthBytes), out _))
                {
                    error = GossipWireError.BadLength;
                    return false;
                }

                events.Add(payload.Slice(offset + 2, BinaryPrimitives.ReadUInt16BigEndian(lengthBytes)));
            }
            else
            {
                if (!reader.TryRead(GossipEventId.ByteLength, out var idBytes))
                {
                    error = GossipWireError.BadLength;
                    return false;
                }

                GossipEventId.TryFromBytes(idBytes, out var id);
                ids.Add(id);
            }
        }

        if (!reader.IsAtEnd)
        {
            error = GossipWireError.BadLength;
            return false;
        }

        message = new GossipWireMessage(kind, ids, events);
        error = GossipWireError.None;
        return true;
    }

    private static void WriteHeader(Span<byte> bytes, GossipWireKind kind, int count)
    {
        bytes[0] = Version;
        bytes[1] = (byte)kind;
        BinaryPrimitives.WriteUInt16BigEndian(bytes[2..], (ushort)count);
    }
}
