using Microsoft.Extensions.Logging;

namespace Fledger.WebRtc.Dtls;

public sealed partial class DtlsTransport
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Debug, Message = "DTLS handshake starting as {Role}")]
    private static partial void LogHandshakeStarting(ILogger logger, DtlsRole role);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "DTLS connected as {Role} in {ElapsedMs:F1} ms, send limit {SendLimit} bytes")]
    private static partial void LogHandshakeCompleted(ILogger logger, DtlsRole role, double elapsedMs, int sendLimit);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "DTLS handshake as {Role} failed ({Reason}): {Detail}")]
    private static partial void LogHandshakeFailed(ILogger logger, DtlsRole role, DtlsFailureReason reason, string detail);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Debug, Message = "DTLS alert received: level {Level}, description {Description}")]
    private static partial void LogAlertReceived(ILogger logger, short level, short description);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Debug, Message = "DTLS alert raised: level {Level}, description {Description}")]
    private static partial void LogAlertRaised(ILogger logger, short level, short description);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Debug, Message = "Dropped a {Length}-byte datagram that is not valid DTLS: {Error}")]
    private static partial void LogDatagramDropped(ILogger logger, int length, DtlsRecordError error);

    [LoggerMessage(EventId = 3106, Level = LogLevel.Debug, Message = "DTLS inbound queue full or datagram too large; dropped {Length} bytes")]
    private static partial void LogInboundQueueFull(ILogger logger, int length);

    [LoggerMessage(EventId = 3107, Level = LogLevel.Information, Message = "DTLS peer closed the connection")]
    private static partial void LogRemoteClosed(ILogger logger);

    [LoggerMessage(EventId = 3108, Level = LogLevel.Warning, Message = "DTLS connection failed: {Detail}")]
    private static partial void LogConnectionFailed(ILogger logger, string detail);

    [LoggerMessage(EventId = 3109, Level = LogLevel.Trace, Message = "DTLS send after close ignored ({Error})")]
    private static partial void LogSendAfterClose(ILogger logger, string error);
}
