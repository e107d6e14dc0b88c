using System.Net;
using System.Net.Sockets;
using Fledger.WebRtc.Stun;
using Microsoft.Extensions.Logging;

namespace Fledger.WebRtc.Ice;

public sealed partial class IceAgent
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Debug, Message = "ICE state {From} -> {To}")]
    private partial void LogStateChanged(IceConnectionState from, IceConnectionState to);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Debug, Message = "ICE gathered a {Type} candidate")]
    private partial void LogCandidateGathered(string type);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Debug, Message = "ICE ignored a remote candidate: {Reason}")]
    private partial void LogRemoteCandidateIgnored(string reason);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Information, Message = "ICE role conflict as {Role}: {Outcome}")]
    private partial void LogRoleConflict(string role, string outcome);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Debug, Message = "ICE pair to {Remote} succeeded, rtt {RttMs} ms")]
    private partial void LogPairSucceeded(IPEndPoint remote, long rttMs);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Debug, Message = "ICE pair to {Remote} failed (error {ErrorCode})")]
    private partial void LogPairFailed(IPEndPoint remote, int errorCode);

    [LoggerMessage(EventId = 3106, Level = LogLevel.Information, Message = "ICE selected pair to {Remote} (local {LocalType}, remote {RemoteType})")]
    private partial void LogSelected(IPEndPoint remote, string localType, string remoteType);

    [LoggerMessage(EventId = 3107, Level = LogLevel.Debug, Message = "ICE rejected a binding request with {ErrorCode}")]
    private partial void LogRequestRejected(int errorCode);

    [LoggerMessage(EventId = 3108, Level = LogLevel.Warning, Message = "ICE consent expired after {SilentMs} ms without response")]
    private partial void LogConsentExpired(long silentMs);

    [LoggerMessage(EventId = 3109, Level = LogLevel.Debug, Message = "ICE socket receive error {Error}")]
    private partial void LogReceiveError(SocketError error);

    [LoggerMessage(EventId = 3110, Level = LogLevel.Debug, Message = "ICE socket send error {Error}")]
    private partial void LogSendError(SocketError error);

    [LoggerMessage(EventId = 3111, Level = LogLevel.Warning, Message = "ICE STUN server entry {Server} is invalid or unresolvable")]
    private partial void LogStunServerInvalid(string server);

    [LoggerMessage(EventId = 3112, Level = LogLevel.Information, Message = "ICE STUN server {Server} gave no mapping (error {ErrorCode})")]
    private partial void LogStunServerFailed(string server, int errorCode);

    [LoggerMessage(EventId = 3113, Level = LogLevel.Warning, Message = "ICE event handler threw")]
    private partial void LogEventHandlerFailed(Exception exception);

    [LoggerMessage(EventId = 3114, Level = LogLevel.Warning, Message = "ICE: {Count} TURN server(s) configured, but TURN is not implemented; ignored")]
    private partial void LogTurnNotImplemented(int count);

    [LoggerMessage(EventId = 3115, Level = LogLevel.Trace, Message = "ICE dropped a STUN datagram: {Error}")]
    private partial void LogStunDropped(StunParseError error);

    [LoggerMessage(EventId = 3116, Level = LogLevel.Debug, Message = "ICE learned a peer-reflexive remote candidate")]
    private partial void LogPeerReflexiveLearned();

    [LoggerMessage(EventId = 3117, Level = LogLevel.Debug, Message = "ICE ignored a response without valid MESSAGE-INTEGRITY")]
    private partial void LogResponseUnauthenticated();

    [LoggerMessage(EventId = 3130, Level = LogLevel.Debug, Message = "ICE: the peer signalled end-of-candidates")]
    private partial void LogRemoteEndOfCandidates();

    [LoggerMessage(EventId = 3131, Level = LogLevel.Warning, Message = "ICE: all {Pairs} pairs failed after the peer's end-of-candidates")]
    private partial void LogChecklistFailed(int pairs);

    [LoggerMessage(EventId = 3118, Level = LogLevel.Warning, Message = "ICE: no pair succeeded within the connect timeout")]
    private partial void LogConnectTimeout();

    [LoggerMessage(EventId = 3119, Level = LogLevel.Warning, Message = "ICE receive loop did not stop within 5 s")]
    private partial void LogShutdownSlow();

    [LoggerMessage(EventId = 3120, Level = LogLevel.Error, Message = "ICE receive loop stopped on socket error {Error}")]
    private partial void LogReceiveLoopStopped(SocketError error);

    [LoggerMessage(EventId = 3121, Level = LogLevel.Error, Message = "ICE failed to process a datagram or timer tick")]
    private partial void LogDispatchFailed(Exception exception);
}
