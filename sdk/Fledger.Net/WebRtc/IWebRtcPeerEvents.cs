using Fledger.Net.Signaling;

namespace Fledger.Net.WebRtc;

/// <summary>What a platform <see cref="IWebRtcPeer"/> reports. Calls may come from any thread; keep them cheap.</summary>
public interface IWebRtcPeerEvents
{
    /// <summary>A local ICE candidate to trickle to the remote peer.</summary>
    void OnLocalCandidate(PeerSetup.Candidate candidate);

    /// <summary>The overall state changed; <see cref="PeerConnectionState.Connected"/> means the data channel is open.</summary>
    void OnStateChanged(PeerConnectionState state);

    /// <summary>A message arrived on the data channel; the receiver owns <paramref name="data"/>.</summary>
    void OnMessage(ReadOnlyMemory<byte> data);
}
