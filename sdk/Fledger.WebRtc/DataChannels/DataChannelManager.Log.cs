using Fledger.WebRtc.Dcep;
using Microsoft.Extensions.Logging;

namespace Fledger.WebRtc.DataChannels;

public sealed partial class DataChannelManager
{
    [LoggerMessage(EventId = 2100, Level = LogLevel.Debug, Message = "Data channel message on unknown stream {StreamId} dropped")]
    private partial void LogUnknownStream(ushort streamId);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Debug, Message = "Data channel message with unknown PPID {Ppid} dropped")]
    private partial void LogUnknownPpid(uint ppid);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Debug, Message = "Bad DCEP message on stream {StreamId}: {Error}")]
    private partial void LogBadDcep(ushort streamId, DcepParseError error);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Warning, Message = "DCEP OPEN on stream {StreamId} refused (id in use or wrong parity)")]
    private partial void LogOpenRefused(ushort streamId);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Warning, Message = "DCEP OPEN on stream {StreamId} could not be queued")]
    private partial void LogOpenNotSent(ushort streamId);
}
