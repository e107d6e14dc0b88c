using Microsoft.Extensions.Logging;

namespace Fledger.Net.Signaling;

/// <summary>Source-generated log messages of <see cref="SignalingClient"/> (event ids 300–399).</summary>
public sealed partial class SignalingClient
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Connected to {Server}")]
    private static partial void LogConnected(ILogger logger, Uri server);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Disconnected ({Reason}); reconnect: {Reconnect}")]
    private static partial void LogDisconnected(ILogger logger, string? reason, bool reconnect);

    [LoggerMessage(EventId = 302, Level = LogLevel.Debug, Message = "Connecting to {Server} failed: {Reason}")]
    private static partial void LogConnectFailed(ILogger logger, Uri server, string reason);

    [LoggerMessage(EventId = 303, Level = LogLevel.Warning, Message = "Server refused a message: {Code} {Detail}")]
    private static partial void LogServerError(ILogger logger, SignalErrorCode code, string detail);

    [LoggerMessage(EventId = 304, Level = LogLevel.Warning, Message = "Dropped server message {Method}: {Reason}")]
    private static partial void LogDropped(ILogger logger, string method, string reason);

    [LoggerMessage(EventId = 305, Level = LogLevel.Debug, Message = "Sending {Method} failed: {Reason}")]
    private static partial void LogSendFailed(ILogger logger, string method, string reason);

    [LoggerMessage(EventId = 306, Level = LogLevel.Warning, Message = "Server speaks protocol version {Server}, this client {Client}")]
    private static partial void LogVersionMismatch(ILogger logger, int server, int client);
}
