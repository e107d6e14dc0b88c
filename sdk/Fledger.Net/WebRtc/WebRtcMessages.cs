using Fledger.Core.Identity;
using Fledger.Net.Signaling;

namespace Fledger.Net.WebRtc;

/// <summary>
/// Inputs of the WebRTC broker (<c>Broker&lt;WebRtcIn, WebRtcOut&gt;</c>): the platform-neutral contract that the
/// native (managed stack) and browser (RTCPeerConnection) implementations share. Connections are keyed by the
/// remote <see cref="NodeId"/>; each carries one reliable ordered data channel.
/// </summary>
public abstract record WebRtcIn
{
    private protected WebRtcIn()
    {
    }

    /// <summary>Open a connection to <paramref name="Peer"/> (this side makes the offer). No-op when one exists.</summary>
    public sealed record Connect(NodeId Peer) : WebRtcIn;

    /// <summary>Close the connection to <paramref name="Peer"/>; queued messages are dropped.</summary>
    public sealed record Disconnect(NodeId Peer) : WebRtcIn;

    /// <summary>Send one message; queued until the connection is open (bounded), then sent in order.</summary>
    public sealed record Send(NodeId Peer, ReadOnlyMemory<byte> Data) : WebRtcIn;

    /// <summary>Ask for a <see cref="WebRtcOut.Status"/> of the connection to <paramref name="Peer"/>.</summary>
    public sealed record RequestStatus(NodeId Peer) : WebRtcIn;

    /// <summary>A setup message (offer, answer or candidate) from <paramref name="Peer"/>, relayed by signaling.</summary>
    public sealed record SetupReceived(NodeId Peer, PeerSetup Setup) : WebRtcIn;
}

/// <summary>Outputs of the WebRTC broker.</summary>
public abstract record WebRtcOut
{
    private protected WebRtcOut()
    {
    }

    /// <summary>The data channel to <paramref name="Peer"/> is open.</summary>
    public sealed record Connected(NodeId Peer) : WebRtcOut;

    /// <summary>The connection to <paramref name="Peer"/> closed or failed.</summary>
    public sealed record Disconnected(NodeId Peer, string Reason) : WebRtcOut;

    /// <summary>A message arrived from <paramref name="Peer"/>. The receiver owns <paramref name="Data"/>.</summary>
    public sealed record MessageReceived(NodeId Peer, ReadOnlyMemory<byte> Data) : WebRtcOut;

    /// <summary>The state and counters of the connection to <paramref name="Peer"/>.</summary>
    public sealed record Status(NodeId Peer, ConnectionStats Stats) : WebRtcOut;

    /// <summary>A setup message to relay to <paramref name="Peer"/> through signaling.</summary>
    public sealed record SetupToSend(NodeId Peer, PeerSetup Setup) : WebRtcOut;

    /// <summary>Something failed for <paramref name="Peer"/> (bad setup message, send queue full...).</summary>
    public sealed record Error(NodeId Peer, string Reason) : WebRtcOut;
}
