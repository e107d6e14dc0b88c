namespace Fledger.WebRtc.Sctp;

/// <summary>Decodes one chunk value into its record. Copies the bytes it keeps; never throws on bad input.</summary>
internal static class SctpChunkParser
{
    private const int MaxCauses = 16;
    private const int MaxReConfigParameters = 4;

    public static SctpParseError TryParse(byte type, byte flags, ReadOnlySpan<byte> value, bool pooledData, out SctpChunk? chunk)
    {
        chunk = null;
        switch ((SctpChunkType)type)
        {
            case SctpChunkType.Data:
                return ParseData(flags, value, pooledData, out chunk);
            case SctpChunkType.Init:
            case SctpChunkType.InitAck:
                return ParseInit(type, value, out chunk);
            case SctpChunkType.Sack:
                return ParseSack(value, out chunk);
            case SctpChunkType.Heartbeat:
            case SctpChunkType.HeartbeatAck:
                var reader = value;
                if (!SctpWire.TryReadParameter(ref reader, out var infoType, out var info) || infoType != 1)
                {
                    return SctpParseError.InvalidParameter;
                }

                chunk = type == (byte)SctpChunkType.Heartbeat ? new HeartbeatChunk(info.ToArray()) : new HeartbeatAckChunk(info.ToArray());
                return SctpParseError.None;
            case SctpChunkType.Abort:
            case SctpChunkType.Error:
                var error = ParseCauses(value, out var causes);
                if (error == SctpParseError.None)
                {
                    chunk = type == (byte)SctpChunkType.Abort ? new AbortChunk((flags & 1) != 0, causes) : new ErrorChunk(causes);
                }

                return error;
            case SctpChunkType.Shutdown:
                if (value.Length < 4)
                {
                    return SctpParseError.InvalidChunkValue;
                }

                chunk = new ShutdownChunk(SctpWire.ReadUInt32(value));
                return SctpParseError.None;
            case SctpChunkType.ShutdownAck:
                chunk = new ShutdownAckChunk();
                return SctpParseError.None;
            case SctpChunkType.ShutdownComplete:
                chunk = new ShutdownCompleteChunk((flags & 1) != 0);
                return SctpParseError.None;
            case SctpChunkType.CookieEcho:
                chunk = new CookieEchoChunk(value.ToArray());
                return SctpParseError.None;
            case SctpChunkType.CookieAck:
                chunk = new CookieAckChunk();
                return SctpParseError.None;
            case SctpChunkType.ForwardTsn:
                return ParseForwardTsn(value, out chunk);
            case SctpChunkType.ReConfig:
                return ParseReConfig(value, out chunk);
            default:
                chunk = new UnknownChunk(type, flags, value.ToArray());
                return SctpParseError.None;
        }
    }

    private static SctpParseError ParseData(byte flags, ReadOnlySpan<byte> value, bool pooledData, out SctpChunk? chunk)
    {
        chunk = null;
        if (value.Length < DataChunk.HeaderLength)
        {
            return SctpParseError.InvalidChunkValue;
        }

        if (value.Length == DataChunk.HeaderLength)
        {
            return SctpParseError.EmptyDataChunk;
        }

        var payload = value[DataChunk.HeaderLength..];
        ReadOnlyMemory<byte> userData;
        if (pooledData)
        {
            var rented = SctpBufferPool.Packets.Rent(payload.Length);
            payload.CopyTo(rented);
            userData = rented.AsMemory(0, payload.Length);
        }
        else
        {
            userData = payload.ToArray();
        }

        chunk = new DataChunk(
            SctpWire.ReadUInt32(value),
            SctpWire.ReadUInt16(value[4..]),
            SctpWire.ReadUInt16(value[6..]),
            SctpWire.ReadUInt32(value[8..]),
            Unordered: (flags & 4) != 0,
            Beginning: (flags & 2) != 0,
            Ending: (flags & 1) != 0,
            Immediate: (flags & 8) != 0,
            userData);
        return SctpParseError.None;
    }

    private static SctpParseError ParseInit(byte type, ReadOnlySpan<byte> value, out SctpChunk? chunk)
    {
        chunk = null;
        if (value.Length < InitChunkBase.FixedLength)
        {
            return SctpParseError.InvalidChunkValue;
        }

        var tag = SctpWire.ReadUInt32(value);
        var rwnd = SctpWire.ReadUInt32(value[4..]);
        var os = SctpWire.ReadUInt16(value[8..]);
        var mis = SctpWire.ReadUInt16(value[10..]);
        var tsn = SctpWire.ReadUInt32(value[12..]);
        if (tag == 0 || os == 0 || mis == 0)
        {
            return SctpParseError.InvalidInit;
        }

        bool forwardTsn = false, reconfig = false;
        byte[]? cookie = null;
        var rest = value[InitChunkBase.FixedLength..];
        while (rest.Length > 0)
        {
            if (!SctpWire.TryReadParameter(ref rest, out var paramType, out var paramValue))
            {
                return SctpParseError.InvalidParameter;
            }

            switch (paramType)
            {
                case InitChunkBase.StateCookieParameter:
                    cookie = paramValue.ToArray();
                    break;
                case InitChunkBase.ForwardTsnSupportedParameter:
                    forwardTsn = true;
                    break;
                case InitChunkBase.SupportedExtensionsParameter:
                    forwardTsn |= paramValue.Contains((byte)SctpChunkType.ForwardTsn);
                    reconfig |= paramValue.Contains((byte)SctpChunkType.ReConfig);
                    break;
            }
        }

        if (type == (byte)SctpChunkType.Init)
        {
            chunk = new InitChunk(tag, rwnd, os, mis, tsn, forwardTsn, reconfig);
            return SctpParseError.None;
        }

        if (cookie is null)
        {
            return SctpParseError.InvalidInit;
        }

        chunk = new InitAckChunk(tag, rwnd, os, mis, tsn, forwardTsn, reconfig, cookie);
        return SctpParseError.None;
    }

    private static SctpParseError ParseSack(ReadOnlySpan<byte> value, out SctpChunk? chunk)
    {
        chunk = null;
        if (value.Length < 12)
        {
            return SctpParseError.InvalidChunkValue;
        }

        int gaps = SctpWire.ReadUInt16(value[8..]);
        int dups = SctpWire.ReadUInt16(value[10..]);
        if (value.Length < 12 + (4 * (gaps + dups)))
        {
            return SctpParseError.InvalidChunkValue;
        }

        var gapBlocks = gaps == 0 ? [] : new GapAckBlock[gaps];
        var offset = 12;
        for (var i = 0; i < gaps; i++, offset += 4)
        {
            var start = SctpWire.ReadUInt16(value[offset..]);
            var end = SctpWire.ReadUInt16(value[(offset + 2)..]);
            if (start == 0 || end < start)
            {
                return SctpParseError.InvalidChunkValue;
            }

            gapBlocks[i] = new GapAckBlock(start, end);
        }

        var dupTsns = dups == 0 ? [] : new uint[dups];
        for (var i = 0; i < dups; i++, offset += 4)
        {
            dupTsns[i] = SctpWire.ReadUInt32(value[offset..]);
        }

        chunk = new SackChunk(SctpWire.ReadUInt32(value), SctpWire.ReadUInt32(value[4..]), gapBlocks, dupTsns);
        return SctpParseError.None;
    }

    private static SctpParseError ParseCauses(ReadOnlySpan<byte> value, out List<SctpErrorCause> causes)
    {
        causes = [];
        while (value.Length > 0)
        {
            if (causes.Count >= MaxCauses || !SctpWire.TryReadParameter(ref value, out var code, out var info))
            {
                return SctpParseError.InvalidParameter;
            }

            causes.Add(new SctpErrorCause(code, info.ToArray()));
        }

        return SctpParseError.None;
    }

    private static SctpParseError ParseForwardTsn(ReadOnlySpan<byte> value, out SctpChunk? chunk)
    {
        chunk = null;
        if (value.Length < 4 || (value.Length - 4) % 4 != 0)
        {
            return SctpParseError.InvalidChunkValue;
        }

        var streams = new ForwardTsnStream[(value.Length - 4) / 4];
        for (var i = 0; i < streams.Length; i++)
        {
            var at = 4 + (4 * i);
            streams[i] = new ForwardTsnStream(SctpWire.ReadUInt16(value[at..]), SctpWire.ReadUInt16(value[(at + 2)..]));
        }

        chunk = new ForwardTsnChunk(SctpWire.ReadUInt32(value), streams);
        return SctpParseError.None;
    }

    private static SctpParseError ParseReConfig(ReadOnlySpan<byte> value, out SctpChunk? chunk)
    {
        chunk = null;
        var parameters = new List<ReConfigParameter>(2);
        while (value.Length > 0)
        {
            if (parameters.Count >= MaxReConfigParameters || !SctpWire.TryReadParameter(ref value, out var type, out var body))
            {
                return SctpParseError.InvalidParameter;
            }

            switch (type)
            {
                case 13:
                    if (body.Length < 12 || body.Length % 2 != 0)
                    {
                        return SctpParseError.InvalidParameter;
                    }

                    parameters.Add(new OutgoingSsnResetRequest(SctpWire.ReadUInt32(body), SctpWire.ReadUInt32(body[4..]), SctpWire.ReadUInt32(body[8..]), ReadStreams(body[12..])));
                    break;
                case 14:
                    if (body.Length < 4 || body.Length % 2 != 0)
                    {
                        return SctpParseError.InvalidParameter;
                    }

                    parameters.Add(new IncomingSsnResetRequest(SctpWire.ReadUInt32(body), ReadStreams(body[4..])));
                    break;
                case 16:
                    if (body.Length < 8)
                    {
                        return SctpParseError.InvalidParameter;
                    }

                    parameters.Add(new ReConfigResponse(SctpWire.ReadUInt32(body), (ReConfigResult)SctpWire.ReadUInt32(body[4..])));
                    break;
                default:
                    parameters.Add(new UnsupportedReConfigParameter(type, body.ToArray()));
                    break;
            }
        }

        if (parameters.Count == 0)
        {
            return SctpParseError.InvalidChunkValue;
        }

        chunk = new ReConfigChunk(parameters);
        return SctpParseError.None;
    }

    private static ushort[] ReadStreams(ReadOnlySpan<byte> body)
    {
        var streams = new ushort[body.Length / 2];
        for (var i = 0; i < streams.Length; i++)
        {
            streams[i] = SctpWire.ReadUInt16(body[(2 * i)..]);
        }

        return streams;
    }
}
