using Microsoft.Extensions.Logging;

namespace Fledger.Broker;

internal static partial class BrokerLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Broker {Broker}: {Kind} while processing {MessageType}; the broker goes on")]
    public static partial void Isolated(ILogger logger, Exception? exception, string broker, BrokerErrorKind kind, string messageType);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Broker {Broker}: dropped {MessageType} that came back over a link it already passed (loop)")]
    public static partial void LoopDropped(ILogger logger, string broker, string messageType);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "Broker {Broker}: dropped {MessageType}, the broker is disposed")]
    public static partial void DroppedAfterDispose(ILogger logger, string broker, string messageType);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Broker {Broker}: an error callback threw; ignored")]
    public static partial void ErrorCallbackFailed(ILogger logger, Exception exception, string broker);
}
