using Fledger.Core.Identity;
using Fledger.Net.WebRtc;

namespace Fledger.Net.Network;

/// <summary>
/// Inputs of the network broker (<c>Broker&lt;NetworkIn, NetworkOut&gt;</c>), the only view of the network the
/// modules and the Node have. It cannot tell which WebRTC implementation runs below it.
/// </summary>
public abstract record NetworkIn
{
    private protected NetworkIn()
    {
    }

    /// <summary>
    /// Send <paramref name="Message"/> to <paramref name="To"/>: connects on demand, queues until connected, and gives
    /// up with <see cref="NetworkOut.SendFailed"/> after a timeout.
    /// </summary>
    public sealed record SendMessage(NodeId To, NodeMessage Message) : NetworkIn;

    /// <summary>Open a connection to <paramref name="Peer"/> now.</summary>
    public sealed record Connect(NodeId Peer) : NetworkIn;

    /// <summary>Close the connection to <paramref name="Peer"/>.</summary>
    public sealed record Disconnect(NodeId Peer) : NetworkIn;

    /// <summary>Ask the signaling server for a sample of known nodes; answered by <see cref="NetworkOut.NodeList"/>.</summary>
    public sealed record RequestNodeList : NetworkIn;

    /// <summary>Ask for the stats of every connection; answered by <see cref="NetworkOut.Stats"/>.</summary>
    public sealed record RequestStats : NetworkIn;
}

/// <summary>Outputs of the network broker.</summary>
public abstract record NetworkOut
{
    private protected NetworkOut()
    {
    }

    /// <summary>A message from <paramref name="From"/> (its id is authenticated by the connection).</summary>
    public sealed record MessageReceived(NodeId From, NodeMessage Message) : NetworkOut;

    /// <summary>Nodes the signaling server knows (a bounded sample), or that joined.</summary>
    public sealed record NodeList(IReadOnlyList<NodeInfo> Nodes) : NetworkOut;

    /// <summary>A connection to <paramref name="Peer"/> is open.</summary>
    public sealed record Connected(NodeId Peer) : NetworkOut;

    /// <summary>The connection to <paramref name="Peer"/> closed or failed.</summary>
    public sealed record Disconnected(NodeId Peer, string Reason) : NetworkOut;

    /// <summary>Stats of every connection.</summary>
    public sealed record Stats(IReadOnlyDictionary<NodeId, ConnectionStats> Connections) : NetworkOut;

    /// <summary>A message could not be delivered to <paramref name="To"/>.</summary>
    public sealed record SendFailed(NodeId To, string Module, string Reason) : NetworkOut;

    /// <summary>The signaling connection went up (announced) or down.</summary>
    public sealed record SignalingChanged(bool IsConnected) : NetworkOut;
}
