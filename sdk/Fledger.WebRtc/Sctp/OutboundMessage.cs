using System.Buffers;

namespace Fledger.WebRtc.Sctp;

/// <summary>A user message queued for sending; its bytes are rented and returned once acknowledged or abandoned.</summary>
internal sealed class OutboundMessage
{
    public OutboundMessage(ushort streamId, uint ppid, ReadOnlySpan<byte> data, SctpSendOptions options, long expiresAt)
    {
        StreamId = streamId;
        Ppid = ppid;
        Length = data.Length;
        Buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, data.Length));
        data.CopyTo(Buffer);
        Unordered = options.Unordered;
        MaxRetransmits = options.MaxRetransmits ?? -1;
        ExpiresAt = expiresAt;
    }

    public ushort StreamId { get; }

    public uint Ppid { get; }

    public byte[] Buffer { get; private set; }

    public int Length { get; }

    public bool Unordered { get; }

    /// <summary>-1 for unlimited.</summary>
    public int MaxRetransmits { get; }

    /// <summary>Timestamp after which the message is abandoned; <see cref="long.MaxValue"/> for never.</summary>
    public long ExpiresAt { get; }

    /// <summary>Chunks cut so far; fragment sizes vary (packing), so the total is known once <see cref="NextOffset"/> reaches <see cref="Length"/>.</summary>
    public int Fragments => SentFragments;

    public ushort Ssn { get; set; }

    /// <summary>Bytes already cut into chunks.</summary>
    public int NextOffset { get; set; }

    public bool Started => NextOffset > 0 || (Length == 0 && SentFragments > 0);

    public int SentFragments { get; set; }

    public int AckedFragments { get; set; }

    public bool Abandoned { get; set; }

    public bool Released { get; private set; }

    public bool IsPartiallyReliable => MaxRetransmits >= 0 || ExpiresAt != long.MaxValue;

    /// <summary>Marks the message done; returns the buffer to the pool only when no chunk can still be read.</summary>
    public bool Release(bool returnBuffer)
    {
        if (Released)
        {
            return false;
        }

        Released = true;
        if (returnBuffer)
        {
            ArrayPool<byte>.Shared.Return(Buffer);
            Buffer = [];
        }

        return true;
    }
}
