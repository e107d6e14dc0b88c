using Fledger.Core.Identity;

namespace Fledger.SignalServer.Registry;

/// <summary>Log messages of <see cref="RedisNodeRegistry"/> (event ids 400–409).</summary>
public sealed partial class RedisNodeRegistry
{
    [LoggerMessage(EventId = 400, Level = LogLevel.Warning, Message = "Redis registry heartbeat skipped: {Error}")]
    private static partial void LogHeartbeatFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 401, Level = LogLevel.Warning, Message = "Redis registry entry does not decode ({Error}); ignored")]
    private static partial void LogCorruptEntry(ILogger logger, NodeInfoError error);
}
