namespace Fledger.Net.Signaling;

/// <summary>
/// What two nodes exchange through the signaling server to open a WebRTC connection:
/// an SDP offer, an SDP answer or one trickled ICE candidate. Closed hierarchy.
/// </summary>
/// <remarks>
/// Offer/answer as in RFC 8829 (JSEP) section 5 (https://www.rfc-editor.org/rfc/rfc8829#section-5);
/// candidates trickled as in RFC 8838 (https://www.rfc-editor.org/rfc/rfc8838).
/// </remarks>
public abstract record PeerSetup
{
    private PeerSetup()
    {
    }

    /// <summary>An SDP offer.</summary>
    public sealed record Offer(string Sdp) : PeerSetup;

    /// <summary>An SDP answer.</summary>
    public sealed record Answer(string Sdp) : PeerSetup;

    /// <summary>
    /// One ICE candidate line (<c>candidate:...</c>), with its media id and m-line index when known; an empty
    /// <paramref name="Value"/> is the end-of-candidates marker (RFC 8838 §8.2, the browser API's empty candidate).
    /// </summary>
    public sealed record Candidate(string Value, string? SdpMid, int? SdpMLineIndex) : PeerSetup
    {
        /// <summary>True for the end-of-candidates marker.</summary>
        public bool IsEndOfCandidates => Value.Length == 0;
    }
}
