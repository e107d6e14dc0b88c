namespace Fledger.WebRtc.Sctp;

/// <summary>Fields shared by INIT and INIT ACK.</summary>
/// <remarks>
/// RFC 9260 §3.3.2–3.3.3. Parameters written: Supported Extensions (0x8008, RFC 5061 §4.2.7) listing
/// RE-CONFIG (130) and FORWARD-TSN (192), and Forward-TSN-Supported (0xC000, RFC 3758 §3.1).
/// </remarks>
public abstract record InitChunkBase(
    uint InitiateTag,
    uint AdvertisedReceiverWindow,
    ushort OutboundStreams,
    ushort InboundStreams,
    uint InitialTsn,
    bool ForwardTsnSupported,
    bool ReConfigSupported) : SctpChunk
{
    internal const int FixedLength = 16;
    internal const ushort StateCookieParameter = 7;
    internal const ushort SupportedExtensionsParameter = 0x8008;
    internal const ushort ForwardTsnSupportedParameter = 0xC000;

    private int ExtensionCount => (ReConfigSupported ? 1 : 0) + (ForwardTsnSupported ? 1 : 0);

    /// <summary>Length of the fixed part plus the extension parameters.</summary>
    internal int BaseLength => FixedLength
        + (ExtensionCount > 0 ? SctpWire.Pad4(4 + ExtensionCount) : 0)
        + (ForwardTsnSupported ? 4 : 0);

    internal void WriteBase(Span<byte> destination)
    {
        SctpWire.WriteUInt32(destination, InitiateTag);
        SctpWire.WriteUInt32(destination[4..], AdvertisedReceiverWindow);
        SctpWire.WriteUInt16(destination[8..], OutboundStreams);
        SctpWire.WriteUInt16(destination[10..], InboundStreams);
        SctpWire.WriteUInt32(destination[12..], InitialTsn);
        var offset = FixedLength;
        if (ExtensionCount > 0)
        {
            Span<byte> types = stackalloc byte[2];
            var n = 0;
            if (ReConfigSupported)
            {
                types[n++] = (byte)SctpChunkType.ReConfig;
            }

            if (ForwardTsnSupported)
            {
                types[n++] = (byte)SctpChunkType.ForwardTsn;
            }

            offset += SctpWire.WriteParameter(destination[offset..], SupportedExtensionsParameter, types[..n]);
        }

        if (ForwardTsnSupported)
        {
            SctpWire.WriteParameter(destination[offset..], ForwardTsnSupportedParameter, default);
        }
    }
}

/// <summary>INIT (RFC 9260 §3.3.2).</summary>
public sealed record InitChunk(
    uint InitiateTag,
    uint AdvertisedReceiverWindow,
    ushort OutboundStreams,
    ushort InboundStreams,
    uint InitialTsn,
    bool ForwardTsnSupported,
    bool ReConfigSupported)
    : InitChunkBase(InitiateTag, AdvertisedReceiverWindow, OutboundStreams, InboundStreams, InitialTsn, ForwardTsnSupported, ReConfigSupported)
{
    /// <inheritdoc/>
    public override SctpChunkType Type => SctpChunkType.Init;

    internal override int ValueLength => BaseLength;

    internal override void WriteValue(Span<byte> destination) => WriteBase(destination);
}

/// <summary>INIT ACK carrying the State Cookie (RFC 9260 §3.3.3).</summary>
public sealed record InitAckChunk(
    uint InitiateTag,
    uint AdvertisedReceiverWindow,
    ushort OutboundStreams,
    ushort InboundStreams,
    uint InitialTsn,
    bool ForwardTsnSupported,
    bool ReConfigSupported,
    ReadOnlyMemory<byte> StateCookie)
    : InitChunkBase(InitiateTag, AdvertisedReceiverWindow, OutboundStreams, InboundStreams, InitialTsn, ForwardTsnSupported, ReConfigSupported)
{
    /// <inheritdoc/>
    public override SctpChunkType Type => SctpChunkType.InitAck;

    internal override int ValueLength => BaseLength + 4 + StateCookie.Length;

    internal override void WriteValue(Span<byte> destination)
    {
        WriteBase(destination);
        SctpWire.WriteParameter(destination[BaseLength..], StateCookieParameter, StateCookie.Span);
    }
}
