using Microsoft.Extensions.Logging;

namespace Fledger.Modules.RandomConnections;

public sealed partial class RandomConnectionsHandler
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Dropping peer {Peer} ({Reason})")]
        public static partial void PeerDropped(ILogger logger, string peer, string reason);
    }
}
