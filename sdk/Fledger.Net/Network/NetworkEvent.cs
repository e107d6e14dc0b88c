using Fledger.Net.Signaling;
using Fledger.Net.WebRtc;

namespace Fledger.Net.Network;

/// <summary>
/// What the layers below report to the network broker, fed into its inputs by the links the
/// <see cref="NetworkStack"/> makes. Internal: not part of the public contract.
/// </summary>
internal abstract record NetworkEvent : NetworkIn;

/// <summary>An output of the WebRTC broker.</summary>
internal sealed record FromWebRtc(WebRtcOut Event) : NetworkEvent;

/// <summary>An output of the signaling broker.</summary>
internal sealed record FromSignal(SignalOut Event) : NetworkEvent;

/// <summary>Time to check timeouts.</summary>
internal sealed record Housekeeping : NetworkEvent;

/// <summary>The WebRTC send queue to <paramref name="Peer"/> drained: waiting messages may go.</summary>
internal sealed record SendWindowOpened(Fledger.Core.Identity.NodeId Peer) : NetworkEvent;
