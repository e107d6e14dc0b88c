namespace Fledger.Net.Browser;

/// <summary>Stats of a peer connection's selected candidate pair, from <c>getStats()</c>.</summary>
/// <param name="ConnectionState">RTCPeerConnectionState: new, connecting, connected, ...</param>
/// <param name="IceState">RTCIceTransportState of the transport.</param>
/// <param name="DtlsState">RTCDtlsTransportState of the transport.</param>
/// <param name="SctpState">RTCSctpTransportState: new (no SCTP yet), connecting, connected, closed.</param>
/// <param name="ChannelBytesSent">Data-channel payload bytes sent (all channels).</param>
/// <param name="ChannelBytesReceived">Data-channel payload bytes received (all channels).</param>
/// <param name="LocalCandidateType">host, srflx, prflx or relay; null before a pair is selected.</param>
/// <param name="RemoteCandidateType">host, srflx, prflx or relay; null before a pair is selected.</param>
/// <param name="LocalAddress">Local candidate address (may be absent when hidden).</param>
/// <param name="RemoteAddress">Remote candidate address (may be absent or an mDNS name).</param>
/// <param name="BytesSent">Transport bytes sent over the selected pair.</param>
/// <param name="BytesReceived">Transport bytes received over the selected pair.</param>
/// <param name="CurrentRoundTripTimeMs">Latest STUN round-trip time in milliseconds, if measured.</param>
public sealed record PeerConnectionStats(
    string ConnectionState,
    string IceState,
    string DtlsState,
    string SctpState,
    long ChannelBytesSent,
    long ChannelBytesReceived,
    string? LocalCandidateType,
    string? RemoteCandidateType,
    string? LocalAddress,
    string? RemoteAddress,
    long BytesSent,
    long BytesReceived,
    double? CurrentRoundTripTimeMs);
