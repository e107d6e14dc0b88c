using Fledger.Core.Identity;

namespace Fledger.Modules.RandomConnections;

/// <summary>Inputs of the random-connections module.</summary>
public abstract record RandomConnectionsIn
{
    private protected RandomConnectionsIn()
    {
    }

    /// <summary>A second tick of the clock: all periodic work happens on ticks.</summary>
    public sealed record Tick(DateTimeOffset Now) : RandomConnectionsIn;

    /// <summary>A sample of known nodes (from the signaling server).</summary>
    public sealed record NodeList(IReadOnlyList<NodeInfo> Nodes) : RandomConnectionsIn;

    /// <summary>A connection to <paramref name="Peer"/> opened (ours or the peer's).</summary>
    public sealed record PeerConnected(NodeId Peer) : RandomConnectionsIn;

    /// <summary>The connection to <paramref name="Peer"/> closed or could not be opened.</summary>
    public sealed record PeerDisconnected(NodeId Peer) : RandomConnectionsIn;

    /// <summary><paramref name="Peer"/> stopped answering (reported by the ping module): drop and replace it.</summary>
    public sealed record PeerFailed(NodeId Peer) : RandomConnectionsIn;
}

/// <summary>Outputs of the random-connections module.</summary>
public abstract record RandomConnectionsOut
{
    private protected RandomConnectionsOut()
    {
    }

    /// <summary>Open a connection to <paramref name="Peer"/>.</summary>
    public sealed record Connect(NodeId Peer) : RandomConnectionsOut;

    /// <summary>Close the connection to <paramref name="Peer"/>.</summary>
    public sealed record Disconnect(NodeId Peer) : RandomConnectionsOut;

    /// <summary>Ask the signaling server for a sample of known nodes.</summary>
    public sealed record RequestNodeList : RandomConnectionsOut;

    /// <summary>The module's state, emitted on change and every <see cref="RandomConnectionsOptions.StateInterval"/>.</summary>
    /// <param name="Connected">Connected peers, sorted.</param>
    /// <param name="Connecting">Peers a connection was requested to and not yet opened.</param>
    /// <param name="KnownNodes">How many other nodes are known.</param>
    /// <param name="TargetDegree">The number of connections the module aims for.</param>
    public sealed record State(IReadOnlyList<NodeId> Connected, int Connecting, int KnownNodes, int TargetDegree) : RandomConnectionsOut;
}
