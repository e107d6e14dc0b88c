using Fledger.Core.Identity;

namespace Fledger.Net.WebRtc;

/// <summary>Creates platform peer connections. Registered by <c>Fledger.Net.Native</c> or <c>Fledger.Net.Browser</c>.</summary>
public interface IWebRtcPeerFactory
{
    /// <summary>Creates a peer connection to <paramref name="remote"/> that reports to <paramref name="events"/>.</summary>
    IWebRtcPeer Create(NodeId remote, IWebRtcPeerEvents events);
}
