using Fledger.Core.Identity;
using Microsoft.Extensions.Logging;

namespace Fledger.Net.WebRtc;

public sealed partial class WebRtcHandler
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1100, Level = LogLevel.Debug, Message = "Peer {Remote}: connection created as {Role}")]
        public static partial void Created(ILogger logger, NodeId remote, string role);

        [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Peer {Remote}: data channel open")]
        public static partial void Opened(ILogger logger, NodeId remote);

        [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Peer {Remote}: connection closed ({Reason})")]
        public static partial void Closed(ILogger logger, NodeId remote, string reason);

        [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "Peer {Remote}: {Operation} failed")]
        public static partial void OperationFailed(ILogger logger, Exception exception, NodeId remote, string operation);

        [LoggerMessage(EventId = 1104, Level = LogLevel.Debug, Message = "Peer {Remote}: glare, keeping our offer")]
        public static partial void GlareKept(ILogger logger, NodeId remote);

        [LoggerMessage(EventId = 1105, Level = LogLevel.Debug, Message = "Peer {Remote}: glare, answering the remote offer")]
        public static partial void GlareYielded(ILogger logger, NodeId remote);

        [LoggerMessage(EventId = 1106, Level = LogLevel.Debug, Message = "Peer {Remote}: unexpected {What} dropped")]
        public static partial void Unexpected(ILogger logger, NodeId remote, string what);

        [LoggerMessage(EventId = 1107, Level = LogLevel.Warning, Message = "Peer {Remote}: send queue full, message dropped")]
        public static partial void QueueFull(ILogger logger, NodeId remote);
    }
}
