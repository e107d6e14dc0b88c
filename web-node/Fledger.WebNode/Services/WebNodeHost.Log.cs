using Microsoft.Extensions.Logging;

namespace Fledger.WebNode.Services;

public sealed partial class WebNodeHost
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Web node {Id} (slot {Slot}) connecting to {SignalUri}")]
        public static partial void Started(ILogger logger, string id, int slot, string signalUri);

        [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Web node failed to start")]
        public static partial void StartFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Signal server error {Code}: {Detail}")]
        public static partial void SignalError(ILogger logger, string code, string detail);
    }
}
