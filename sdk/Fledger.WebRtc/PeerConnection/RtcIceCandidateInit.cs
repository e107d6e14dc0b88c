namespace Fledger.WebRtc.PeerConnection;

/// <summary>
/// One trickled ICE candidate (browser <c>RTCIceCandidateInit</c>). An empty <see cref="Candidate"/> means
/// end-of-candidates, as browsers send it.
/// </summary>
/// <param name="Candidate">The attribute value <c>candidate:...</c> (no <c>a=</c>), or empty for end-of-candidates.</param>
/// <param name="SdpMid">The media section id (<c>"0"</c> for our data-channel section).</param>
/// <param name="SdpMLineIndex">The media section index.</param>
public sealed record RtcIceCandidateInit(string Candidate, string? SdpMid = "0", int? SdpMLineIndex = 0)
{
    /// <summary>True when this is the end-of-candidates marker.</summary>
    public bool IsEndOfCandidates => string.IsNullOrWhiteSpace(Candidate);
}
