using Microsoft.Extensions.Logging;

namespace Fledger.WebRtc.Sctp;

public sealed partial class SctpAssociation
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Debug, Message = "SCTP state {From} -> {To}")]
    private partial void LogStateChanged(SctpAssociationState from, SctpAssociationState to);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Debug, Message = "SCTP packet dropped: {Error}")]
    private partial void LogBadPacket(SctpParseError error);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "SCTP association closed: {Reason}")]
    private partial void LogClosed(SctpCloseReason reason);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "SCTP peer aborted (cause {Cause})")]
    private partial void LogPeerAbort(ushort cause);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Debug, Message = "SCTP peer reported error cause {Cause}")]
    private partial void LogPeerError(ushort cause);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Debug, Message = "SCTP unknown chunk type {Type} ignored")]
    private partial void LogUnknownChunk(byte type);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Debug, Message = "SCTP state cookie refused (bad MAC, tag or age)")]
    private partial void LogBadCookie();

    [LoggerMessage(EventId = 2007, Level = LogLevel.Warning, Message = "SCTP message of {Length} bytes exceeds the maximum message size; dropped")]
    private partial void LogMessageTooLarge(long length);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Warning, Message = "SCTP peer unreachable: too many retransmissions")]
    private partial void LogTooManyRetransmissions();

    [LoggerMessage(EventId = 2009, Level = LogLevel.Warning, Message = "SCTP stream reset answered {Result}")]
    private partial void LogResetRefused(ReConfigResult result);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Error, Message = "SCTP loop error")]
    private partial void LogLoopError(Exception exception);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Warning, Message = "SCTP send failed")]
    private partial void LogSendFailed(Exception exception);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Warning, Message = "SCTP event handler threw")]
    private partial void LogHandlerFailed(Exception exception);
}
