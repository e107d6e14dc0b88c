using Fledger.Broker;
using Fledger.Core.Identity;
using Fledger.Net.Signaling;

namespace Fledger.Net.WebRtc;

/// <summary>
/// The <see cref="IWebRtcPeerEvents"/> a platform peer reports to: each call only queues an input of the WebRTC
/// broker (never blocks), tagged with the peer generation so that events of a replaced peer are ignored.
/// </summary>
internal sealed class PeerEventSink(Broker<WebRtcIn, WebRtcOut> broker, NodeId remote, long generation) : IWebRtcPeerEvents
{
    public void OnLocalCandidate(PeerSetup.Candidate candidate)
        => broker.EnqueueInput(new LocalCandidateFound(remote, generation, candidate));

    public void OnStateChanged(PeerConnectionState state)
        => broker.EnqueueInput(new PeerStateChanged(remote, generation, state));

    public void OnMessage(ReadOnlyMemory<byte> data)
        => broker.EnqueueInput(new PeerMessageArrived(remote, generation, data));
}
