using Microsoft.Extensions.Logging;

namespace Fledger.Net.Native;

public sealed partial class NativeWebRtcPeer
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1300, Level = LogLevel.Debug, Message = "Remote candidate refused by the ICE agent")]
        public static partial void CandidateRefused(ILogger logger);

        [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "Creating the data channel failed")]
        public static partial void ChannelFailed(ILogger logger, Exception? exception);
    }
}
