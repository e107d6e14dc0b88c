namespace Fledger.WebRtc.Sctp;

/// <summary>One SCTP chunk; a closed hierarchy of immutable records.</summary>
/// <remarks>RFC 9260 §3.2. Chunks are padded to 4 bytes on the wire; the length excludes the padding.</remarks>
public abstract record SctpChunk
{
    /// <summary>The chunk type.</summary>
    public abstract SctpChunkType Type { get; }

    /// <summary>The chunk flags byte.</summary>
    internal virtual byte Flags => 0;

    /// <summary>Length of the value (after the 4-byte chunk header), without padding.</summary>
    internal abstract int ValueLength { get; }

    /// <summary>Bytes on the wire, header and padding included.</summary>
    internal int WireLength => 4 + SctpWire.Pad4(ValueLength);

    /// <summary>Writes the value into <paramref name="destination"/> (exactly <see cref="ValueLength"/> bytes).</summary>
    internal abstract void WriteValue(Span<byte> destination);
}

/// <summary>COOKIE ACK (RFC 9260 §3.3.12).</summary>
public sealed record CookieAckChunk : SctpChunk
{
    /// <inheritdoc/>
    public override SctpChunkType Type => SctpChunkType.CookieAck;

    internal override int ValueLength => 0;

    internal override void WriteValue(Span<byte> destination)
    {
    }
}

/// <summary>COOKIE ECHO carrying the state cookie back (RFC 9260 §3.3.11).</summary>
public sealed record CookieEchoChunk(ReadOnlyMemory<byte> Cookie) : SctpChunk
{
    /// <inheritdoc/>
    public override SctpChunkType Type => SctpChunkType.CookieEcho;

    internal override int ValueLength => Cookie.Length;

    internal override void WriteValue(Span<byte> destination) => Cookie.Span.CopyTo(destination);
}

/// <summary>HEARTBEAT with its opaque Heartbeat Info (RFC 9260 §3.3.5).</summary>
public sealed record HeartbeatChunk(ReadOnlyMemory<byte> Info) : SctpChunk
{
    /// <inheritdoc/>
    public override SctpChunkType Type => SctpChunkType.Heartbeat;

    internal override int ValueLength => 4 + Info.Length;

    internal override void WriteValue(Span<byte> destination) => SctpWire.WriteParameter(destination, 1, Info.Span);
}

/// <summary>HEARTBEAT ACK echoing the Heartbeat Info (RFC 9260 §3.3.6).</summary>
public sealed record HeartbeatAckChunk(ReadOnlyMemory<byte> Info) : SctpChunk
{
    /// <inheritdoc/>
    public override SctpChunkType Type => SctpChunkType.HeartbeatAck;

    internal override int ValueLength => 4 + Info.Length;

    internal override void WriteValue(Span<byte> destination) => SctpWire.WriteParameter(destination, 1, Info.Span);
}

/// <summary>SHUTDOWN with the sender's cumulative TSN ack (RFC 9260 §3.3.8).</summary>
public sealed record ShutdownChunk(uint CumulativeTsnAck) : SctpChunk
{
    /// <inheritdoc/>
    public override SctpChunkType Type => SctpChunkType.Shutdown;

    internal override int ValueLength => 4;

    internal override void WriteValue(Span<byte> destination) => SctpWire.WriteUInt32(destination, CumulativeTsnAck);
}

/// <summary>SHUTDOWN ACK (RFC 9260 §3.3.9).</summary>
public sealed record ShutdownAckChunk : SctpChunk
{
    /// <inheritdoc/>
    public override SctpChunkType Type => SctpChunkType.ShutdownAck;

    internal override int ValueLength => 0;

    internal override void WriteValue(Span<byte> destination)
    {
    }
}

/// <summary>SHUTDOWN COMPLETE (RFC 9260 §3.3.13); T set when the verification tag is reflected.</summary>
public sealed record ShutdownCompleteChunk(bool TagReflected) : SctpChunk
{
    /// <inheritdoc/>
    public override SctpChunkType Type => SctpChunkType.ShutdownComplete;

    internal override byte Flags => TagReflected ? (byte)1 : (byte)0;

    internal override int ValueLength => 0;

    internal override void WriteValue(Span<byte> destination)
    {
    }
}

/// <summary>A chunk type this implementation does not process; kept so the receiver can apply the type's upper-bit rule.</summary>
/// <remarks>RFC 9260 §3.2: the two upper bits of the type say whether to stop or skip, and whether to report.</remarks>
public sealed record UnknownChunk(byte RawType, byte RawFlags, ReadOnlyMemory<byte> Value) : SctpChunk
{
    /// <inheritdoc/>
    public override SctpChunkType Type => (SctpChunkType)RawType;

    internal override byte Flags => RawFlags;

    internal override int ValueLength => Value.Length;

    internal override void WriteValue(Span<byte> destination) => Value.Span.CopyTo(destination);
}
