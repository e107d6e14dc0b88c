using Fledger.WebRtc.Dtls;
using Fledger.WebRtc.Ice;
using Microsoft.Extensions.Logging;

namespace Fledger.WebRtc.PeerConnection;

public sealed partial class RtcPeerConnection
{
    [LoggerMessage(EventId = 3200, Level = LogLevel.Warning, Message = "Refused {Side} description: {Code} {Detail}")]
    private static partial void LogDescriptionRefused(ILogger logger, string side, RtcDescriptionErrorCode code, string detail);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Debug, Message = "Refused remote candidate: {Error}")]
    private static partial void LogCandidateRefused(ILogger logger, IceCandidateParseError error);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Debug, Message = "ICE state {State}")]
    private static partial void LogIceState(ILogger logger, IceConnectionState state);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Debug, Message = "DTLS state {State} ({Reason})")]
    private static partial void LogDtlsState(ILogger logger, DtlsTransportState state, DtlsFailureReason reason);

    [LoggerMessage(EventId = 3204, Level = LogLevel.Information, Message = "Peer connection state {State}")]
    private static partial void LogConnectionState(ILogger logger, RtcPeerConnectionState state);

    [LoggerMessage(EventId = 3205, Level = LogLevel.Debug, Message = "Closing peer connection")]
    private static partial void LogClosing(ILogger logger);

    [LoggerMessage(EventId = 3206, Level = LogLevel.Debug, Message = "SCTP established (max packet {MaxPacket} bytes)")]
    private static partial void LogSctpEstablished(ILogger logger, int maxPacket);

    [LoggerMessage(EventId = 3207, Level = LogLevel.Warning, Message = "SCTP association ended before it was established: {Detail}")]
    private static partial void LogSctpFailed(ILogger logger, string detail);

    [LoggerMessage(EventId = 3208, Level = LogLevel.Debug, Message = "DTLS server started on a ClientHello that arrived before the answer")]
    private static partial void LogEarlyDtlsServer(ILogger logger);

    [LoggerMessage(EventId = 3209, Level = LogLevel.Warning, Message = "The peer sent a ClientHello but answered a=setup:passive: closing")]
    private static partial void LogEarlyDtlsRoleMismatch(ILogger logger);
}
