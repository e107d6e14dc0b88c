namespace Fledger.Net.Browser;

/// <summary>One trickled ICE candidate (RTCIceCandidateInit).</summary>
/// <param name="Candidate">The <c>candidate:</c> line; empty marks the end of candidates.</param>
/// <param name="SdpMid">The media stream id the candidate belongs to.</param>
/// <param name="SdpMLineIndex">The m-line index the candidate belongs to.</param>
public sealed record IceCandidateInit(string Candidate, string? SdpMid, int? SdpMLineIndex);
