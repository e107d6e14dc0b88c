using Fledger.Core.Identity;
using Fledger.Net.WebRtc;
using Microsoft.Extensions.Logging;

namespace Fledger.Net.Browser;

public sealed partial class BrowserWebRtcPeer
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 4120, Level = LogLevel.Debug, Message = "Peer {Remote} state {State}")]
        public static partial void StateChanged(ILogger logger, NodeId remote, PeerConnectionState state);

        [LoggerMessage(EventId = 4121, Level = LogLevel.Warning, Message = "Peer {Remote} opened unexpected channel '{Label}'; ignored")]
        public static partial void UnexpectedChannel(ILogger logger, NodeId remote, string label);
    }
}
