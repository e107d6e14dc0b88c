using Microsoft.Extensions.Logging;

namespace Fledger.Modules.Gossip;

public sealed partial class GossipHandler
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 2001, Level = LogLevel.Debug, Message = "Dropped a malformed gossip payload from {Peer}: {Error}")]
        public static partial void MalformedPayload(ILogger logger, string peer, GossipWireError error);

        [LoggerMessage(EventId = 2002, Level = LogLevel.Debug, Message = "Dropped a malformed gossip event from {Peer}: {Error}")]
        public static partial void MalformedEvent(ILogger logger, string peer, GossipEventError error);

        [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Dropped a forged gossip event from {Peer}: {Error}")]
        public static partial void Forged(ILogger logger, string peer, GossipEventError error);

        [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Loaded {Count} gossip events from the store")]
        public static partial void Loaded(ILogger logger, int count);

        [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "Rejected a local {Category} event: content too large or invalid")]
        public static partial void PublishRejected(ILogger logger, GossipCategory category);
    }
}
