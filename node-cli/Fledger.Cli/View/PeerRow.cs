namespace Fledger.Cli.View;

/// <summary>One peer connection as the live view shows it.</summary>
/// <param name="Id">Short id of the peer.</param>
/// <param name="Name">Peer name, when known.</param>
/// <param name="State">Connection state (ICE/DTLS/SCTP summarized).</param>
/// <param name="ConnectionType">Candidate types of the selected pair, e.g. <c>host/prflx</c>.</param>
/// <param name="RoundTripTime">Latest RTT, if measured.</param>
/// <param name="BytesIn">Bytes received.</param>
/// <param name="BytesOut">Bytes sent.</param>
internal sealed record PeerRow(string Id, string Name, string State, string ConnectionType, TimeSpan? RoundTripTime, long BytesIn, long BytesOut);
