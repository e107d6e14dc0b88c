using Fledger.Core.Identity;
using Fledger.Net.Framing;
using Microsoft.Extensions.Logging;

namespace Fledger.Net.Network;

public sealed partial class NetworkHandler
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1200, Level = LogLevel.Debug, Message = "Send to {Peer} ({Module}) failed: {Reason}")]
        public static partial void SendFailed(ILogger logger, NodeId peer, string module, string reason);

        [LoggerMessage(EventId = 1201, Level = LogLevel.Debug, Message = "Peer {Peer}: malformed frame dropped ({Error})")]
        public static partial void MalformedFrame(ILogger logger, NodeId peer, FrameError error);

        [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "Peer {Peer}: disconnected after {Count} malformed frames")]
        public static partial void GarbageDisconnect(ILogger logger, NodeId peer, int count);

        [LoggerMessage(EventId = 1203, Level = LogLevel.Debug, Message = "Peer {Peer}: WebRTC error: {Reason}")]
        public static partial void WebRtcError(ILogger logger, NodeId peer, string reason);

        [LoggerMessage(EventId = 1204, Level = LogLevel.Warning, Message = "Peer {Peer}: disconnected for an oversized frame of {Length} bytes")]
        public static partial void OversizedFrame(ILogger logger, NodeId peer, int length);
    }
}
