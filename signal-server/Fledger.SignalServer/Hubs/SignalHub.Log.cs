using Fledger.Core.Identity;
using Fledger.Net.Signaling;

namespace Fledger.SignalServer.Hubs;

/// <summary>Source-generated log messages of <see cref="SignalHub"/> (event ids 100–199).</summary>
public sealed partial class SignalHub
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Node {NodeId} ({Kind}) announced on {ConnectionId}")]
    private static partial void LogAnnounced(ILogger logger, string nodeId, ClientKind kind, string connectionId);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Node {NodeId} left ({ConnectionId})")]
    private static partial void LogLeft(ILogger logger, string nodeId, string connectionId);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Node {NodeId} on {OldConnectionId} replaced by {NewConnectionId}")]
    private static partial void LogReplaced(ILogger logger, string nodeId, string oldConnectionId, string newConnectionId);

    [LoggerMessage(EventId = 110, Level = LogLevel.Debug, Message = "Refused {Code} on {ConnectionId}: {Detail}")]
    private static partial void LogRejected(ILogger logger, SignalErrorCode code, string connectionId, string detail);

    [LoggerMessage(EventId = 111, Level = LogLevel.Debug, Message = "Rate limited {ConnectionId}")]
    private static partial void LogRateLimited(ILogger logger, string connectionId);

    [LoggerMessage(EventId = 112, Level = LogLevel.Warning, Message = "Refused connection {ConnectionId}: limit of {MaxConnections} connections reached")]
    private static partial void LogServerFull(ILogger logger, string connectionId, int maxConnections);
}
