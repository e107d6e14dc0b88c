namespace Fledger.WebRtc.Sctp;

/// <summary>A RE-CONFIG parameter (RFC 6525 §4).</summary>
public abstract record ReConfigParameter
{
    internal abstract ushort ParameterType { get; }

    internal abstract int ValueLength { get; }

    internal abstract void WriteValue(Span<byte> destination);
}

/// <summary>Outgoing SSN Reset Request (type 13, RFC 6525 §4.1): the sender will reset these outgoing streams after <paramref name="SenderLastTsn"/>.</summary>
public sealed record OutgoingSsnResetRequest(uint RequestSequence, uint ResponseSequence, uint SenderLastTsn, IReadOnlyList<ushort> Streams) : ReConfigParameter
{
    internal override ushort ParameterType => 13;

    internal override int ValueLength => 12 + (2 * Streams.Count);

    internal override void WriteValue(Span<byte> destination)
    {
        SctpWire.WriteUInt32(destination, RequestSequence);
        SctpWire.WriteUInt32(destination[4..], ResponseSequence);
        SctpWire.WriteUInt32(destination[8..], SenderLastTsn);
        for (var i = 0; i < Streams.Count; i++)
        {
            SctpWire.WriteUInt16(destination[(12 + (2 * i))..], Streams[i]);
        }
    }
}

/// <summary>Incoming SSN Reset Request (type 14, RFC 6525 §4.2): asks the peer to reset its outgoing streams.</summary>
public sealed record IncomingSsnResetRequest(uint RequestSequence, IReadOnlyList<ushort> Streams) : ReConfigParameter
{
    internal override ushort ParameterType => 14;

    internal override int ValueLength => 4 + (2 * Streams.Count);

    internal override void WriteValue(Span<byte> destination)
    {
        SctpWire.WriteUInt32(destination, RequestSequence);
        for (var i = 0; i < Streams.Count; i++)
        {
            SctpWire.WriteUInt16(destination[(4 + (2 * i))..], Streams[i]);
        }
    }
}

/// <summary>Result codes of a Re-configuration Response (RFC 6525 §4.4).</summary>
public enum ReConfigResult : uint
{
    /// <summary>Success, nothing to do.</summary>
    SuccessNothingToDo = 0,

    /// <summary>Success, performed.</summary>
    SuccessPerformed = 1,

    /// <summary>Denied.</summary>
    Denied = 2,

    /// <summary>Error, wrong SSN.</summary>
    ErrorWrongSsn = 3,

    /// <summary>Error, request already in progress.</summary>
    ErrorRequestAlreadyInProgress = 4,

    /// <summary>Error, bad sequence number.</summary>
    ErrorBadSequenceNumber = 5,

    /// <summary>In progress: retry later.</summary>
    InProgress = 6,
}

/// <summary>Re-configuration Response (type 16, RFC 6525 §4.4).</summary>
public sealed record ReConfigResponse(uint ResponseSequence, ReConfigResult Result) : ReConfigParameter
{
    internal override ushort ParameterType => 16;

    internal override int ValueLength => 8;

    internal override void WriteValue(Span<byte> destination)
    {
        SctpWire.WriteUInt32(destination, ResponseSequence);
        SctpWire.WriteUInt32(destination[4..], (uint)Result);
    }
}

/// <summary>A RE-CONFIG parameter this implementation does not act on (SSN/TSN reset, add streams).</summary>
public sealed record UnsupportedReConfigParameter(ushort RawType, ReadOnlyMemory<byte> Value) : ReConfigParameter
{
    internal override ushort ParameterType => RawType;

    internal override int ValueLength => Value.Length;

    internal override void WriteValue(Span<byte> destination) => Value.Span.CopyTo(destination);
}

/// <summary>RE-CONFIG (RFC 6525 §3.1): one or two re-configuration parameters.</summary>
public sealed record ReConfigChunk(IReadOnlyList<ReConfigParameter> Parameters) : SctpChunk
{
    /// <inheritdoc/>
    public override SctpChunkType Type => SctpChunkType.ReConfig;

    internal override int ValueLength
    {
        get
        {
            var total = 0;
            for (var i = 0; i < Parameters.Count; i++)
            {
                var length = 4 + Parameters[i].ValueLength;
                total += i == Parameters.Count - 1 ? length : SctpWire.Pad4(length);
            }

            return total;
        }
    }

    internal override void WriteValue(Span<byte> destination)
    {
        var offset = 0;
        foreach (var p in Parameters)
        {
            var length = 4 + p.ValueLength;
            SctpWire.WriteUInt16(destination[offset..], p.ParameterType);
            SctpWire.WriteUInt16(destination[(offset + 2)..], (ushort)length);
            p.WriteValue(destination[(offset + 4)..]);
            var padded = SctpWire.Pad4(length);
            if (offset + padded <= destination.Length)
            {
                destination[(offset + length)..(offset + padded)].Clear();
            }

            offset += padded;
        }
    }
}
