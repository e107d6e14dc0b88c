using Microsoft.Extensions.Logging;

namespace Fledger.Net.Browser;

public sealed partial class BrowserWebRtc
{
    internal static partial class Log
    {
        [LoggerMessage(EventId = 4100, Level = LogLevel.Debug, Message = "Created browser peer {Peer}")]
        public static partial void PeerCreated(ILogger logger, int peer);

        [LoggerMessage(EventId = 4101, Level = LogLevel.Debug, Message = "Peer {Peer} connection state {State}")]
        public static partial void ConnectionState(ILogger logger, int peer, string state);

        [LoggerMessage(EventId = 4102, Level = LogLevel.Debug, Message = "Peer {Peer} data channel {Channel} '{Label}' announced")]
        public static partial void ChannelAnnounced(ILogger logger, int peer, int channel, string label);

        [LoggerMessage(EventId = 4103, Level = LogLevel.Debug, Message = "Data channel {Channel} closed")]
        public static partial void ChannelClosed(ILogger logger, int channel);

        [LoggerMessage(EventId = 4104, Level = LogLevel.Warning, Message = "Data channel {Channel} error: {Error}")]
        public static partial void ChannelError(ILogger logger, int channel, string error);

        [LoggerMessage(EventId = 4105, Level = LogLevel.Debug, Message = "Event for unknown data channel {Channel} dropped")]
        public static partial void UnknownChannel(ILogger logger, int channel);

        [LoggerMessage(EventId = 4106, Level = LogLevel.Error, Message = "A WebRTC event handler of peer {Peer} threw")]
        public static partial void HandlerFailed(ILogger logger, int peer, Exception exception);

        [LoggerMessage(EventId = 4107, Level = LogLevel.Debug, Message = "Closed browser peer {Peer}")]
        public static partial void PeerClosed(ILogger logger, int peer);
    }
}
