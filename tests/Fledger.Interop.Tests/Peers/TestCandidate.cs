namespace Fledger.Interop.Tests.Peers;

/// <summary>A trickled ICE candidate as relayed by the test (browser <c>RTCIceCandidateInit</c> shape).</summary>
public sealed record TestCandidate(string Candidate, string? SdpMid, int? SdpMLineIndex);
