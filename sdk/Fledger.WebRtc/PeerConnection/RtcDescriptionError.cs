using Fledger.WebRtc.Sdp;

namespace Fledger.WebRtc.PeerConnection;

/// <summary>A typed refusal of a session description.</summary>
/// <param name="Code">What is wrong.</param>
/// <param name="Detail">Short explanation.</param>
/// <param name="Sdp">The SDP parse error for <see cref="RtcDescriptionErrorCode.InvalidSdp"/>.</param>
public sealed record RtcDescriptionError(RtcDescriptionErrorCode Code, string Detail, SdpError? Sdp = null)
{
    /// <inheritdoc />
    public override string ToString() => Sdp is null ? $"{Code}: {Detail}" : $"{Code}: {Detail} ({Sdp})";
}
