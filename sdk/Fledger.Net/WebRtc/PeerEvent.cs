using Fledger.Core.Identity;
using Fledger.Net.Signaling;

namespace Fledger.Net.WebRtc;

/// <summary>
/// Events of the platform peers and timers, fed back into the WebRTC broker's input queue so that all connection
/// state changes on the broker's one processing flow. Internal: not part of the public contract.
/// </summary>
internal abstract record PeerEvent(NodeId Peer, long Generation) : WebRtcIn;

/// <summary>The platform gathered a local candidate.</summary>
internal sealed record LocalCandidateFound(NodeId Peer, long Generation, PeerSetup.Candidate Candidate) : PeerEvent(Peer, Generation);

/// <summary>The platform peer changed state.</summary>
internal sealed record PeerStateChanged(NodeId Peer, long Generation, PeerConnectionState State) : PeerEvent(Peer, Generation);

/// <summary>A data-channel message arrived.</summary>
internal sealed record PeerMessageArrived(NodeId Peer, long Generation, ReadOnlyMemory<byte> Data) : PeerEvent(Peer, Generation);

/// <summary>The connect timeout fired.</summary>
internal sealed record ConnectTimedOut(NodeId Peer, long Generation) : PeerEvent(Peer, Generation);

/// <summary>Sending on the data channel failed.</summary>
internal sealed record PeerSendFailed(NodeId Peer, long Generation, string Reason) : PeerEvent(Peer, Generation);
