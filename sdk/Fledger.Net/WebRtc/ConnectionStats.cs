namespace Fledger.Net.WebRtc;

/// <summary>
/// The state and counters of one peer connection, as both WebRTC implementations report them: the native one from
/// its own ICE/DTLS/SCTP layers, the browser one from <c>RTCPeerConnection.getStats()</c>.
/// </summary>
/// <param name="Connection">The overall connection state.</param>
/// <param name="Ice">The ICE transport state.</param>
/// <param name="Dtls">The DTLS transport state.</param>
/// <param name="Sctp">The SCTP association state.</param>
/// <param name="LocalCandidate">Type of the local candidate of the selected pair.</param>
/// <param name="RemoteCandidate">Type of the remote candidate of the selected pair.</param>
/// <param name="BytesSent">Payload bytes sent on the data channel (or transport bytes where only those are known).</param>
/// <param name="BytesReceived">Payload bytes received.</param>
/// <param name="RoundTripTime">The latest RTT of the selected pair, if measured.</param>
public sealed record ConnectionStats(
    PeerConnectionState Connection,
    IceState Ice,
    DtlsState Dtls,
    SctpState Sctp,
    CandidateType LocalCandidate,
    CandidateType RemoteCandidate,
    long BytesSent,
    long BytesReceived,
    TimeSpan? RoundTripTime)
{
    /// <summary>Stats of a connection that does not exist (yet).</summary>
    public static ConnectionStats None { get; } = new(
        PeerConnectionState.New, IceState.New, DtlsState.New, SctpState.New, CandidateType.Unknown, CandidateType.Unknown, 0, 0, null);
}
