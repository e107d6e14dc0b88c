using Microsoft.Extensions.Logging;

namespace Fledger.Modules.Ping;

public sealed partial class PingHandler
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Peer {Peer} silent for {Seconds} s: reported failed")]
        public static partial void PeerFailed(ILogger logger, string peer, double seconds);

        [LoggerMessage(EventId = 3002, Level = LogLevel.Debug, Message = "Dropped a malformed ping message from {Peer}: {Error}")]
        public static partial void Malformed(ILogger logger, string peer, PingWireError error);
    }
}
