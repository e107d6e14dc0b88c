namespace Fledger.WebRtc.Sctp;

/// <summary>One error cause (RFC 9260 §3.3.10): code and raw information.</summary>
public sealed record SctpErrorCause(ushort Code, ReadOnlyMemory<byte> Information)
{
    /// <summary>Protocol violation (13).</summary>
    public const ushort ProtocolViolation = 13;

    /// <summary>User-initiated abort (12).</summary>
    public const ushort UserInitiatedAbort = 12;

    /// <summary>No user data (9).</summary>
    public const ushort NoUserData = 9;

    internal int WireLength => SctpWire.Pad4(4 + Information.Length);

    internal static int WriteAll(Span<byte> destination, IReadOnlyList<SctpErrorCause> causes)
    {
        var offset = 0;
        foreach (var cause in causes)
        {
            offset += SctpWire.WriteParameter(destination[offset..], cause.Code, cause.Information.Span);
        }

        return offset;
    }

    internal static int LengthOf(IReadOnlyList<SctpErrorCause> causes)
    {
        if (causes.Count == 0)
        {
            return 0;
        }

        var total = 0;
        for (var i = 0; i < causes.Count - 1; i++)
        {
            total += causes[i].WireLength;
        }

        return total + 4 + causes[^1].Information.Length;
    }
}

/// <summary>ABORT (RFC 9260 §3.3.7); T set when the verification tag is reflected.</summary>
public sealed record AbortChunk(bool TagReflected, IReadOnlyList<SctpErrorCause> Causes) : SctpChunk
{
    /// <inheritdoc/>
    public override SctpChunkType Type => SctpChunkType.Abort;

    internal override byte Flags => TagReflected ? (byte)1 : (byte)0;

    internal override int ValueLength => SctpErrorCause.LengthOf(Causes);

    internal override void WriteValue(Span<byte> destination)
    {
        var scratch = new byte[SctpWire.Pad4(ValueLength)];
        SctpErrorCause.WriteAll(scratch, Causes);
        scratch.AsSpan(0, ValueLength).CopyTo(destination);
    }
}

/// <summary>ERROR (RFC 9260 §3.3.10).</summary>
public sealed record ErrorChunk(IReadOnlyList<SctpErrorCause> Causes) : SctpChunk
{
    /// <inheritdoc/>
    public override SctpChunkType Type => SctpChunkType.Error;

    internal override int ValueLength => SctpErrorCause.LengthOf(Causes);

    internal override void WriteValue(Span<byte> destination)
    {
        var scratch = new byte[SctpWire.Pad4(ValueLength)];
        SctpErrorCause.WriteAll(scratch, Causes);
        scratch.AsSpan(0, ValueLength).CopyTo(destination);
    }
}
