using System.Net;

namespace Fledger.WebRtc.Ice;

/// <summary>The candidate pair data flows on.</summary>
/// <param name="LocalType">Our candidate's type as seen by the peer (host, srflx or prflx).</param>
/// <param name="LocalAddress">Our address as the peer sees it (XOR-MAPPED-ADDRESS of the check).</param>
/// <param name="RemoteType">The peer's candidate type (prflx when learned from its checks).</param>
/// <param name="RemoteAddress">The peer's address.</param>
/// <param name="RoundTripTime">The latest connectivity-check round trip on this pair.</param>
/// <param name="Nominated">Whether the pair is nominated (false: first valid pair used before nomination).</param>
public sealed record IceSelectedPair(
    IceCandidateType LocalType,
    IPEndPoint LocalAddress,
    IceCandidateType RemoteType,
    IPEndPoint RemoteAddress,
    TimeSpan? RoundTripTime,
    bool Nominated);
