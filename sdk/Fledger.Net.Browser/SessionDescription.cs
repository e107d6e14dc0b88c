namespace Fledger.Net.Browser;

/// <summary>An SDP offer or answer as exchanged through signaling.</summary>
/// <param name="Type">"offer" or "answer" (RTCSdpType).</param>
/// <param name="Sdp">The session description text.</param>
public sealed record SessionDescription(string Type, string Sdp);
