using Fledger.Core.Identity;
using Fledger.Core.Storage;
using Fledger.Node;

namespace Fledger.Simulation;

/// <summary>A node of a <see cref="SimulatedNetwork"/>: a real <see cref="FledgerNode"/> on a simulated network broker.</summary>
public sealed class SimulatedNode
{
    internal SimulatedNode(FledgerNode node, IKeyValueStore store, Action<NodeOptions>? configure, SimulatedEndpoint endpoint)
    {
        Node = node;
        Store = store;
        Configure = configure;
        Endpoint = endpoint;
    }

    /// <summary>The node's id.</summary>
    public NodeId Id => Node.Id;

    /// <summary>The running node.</summary>
    public FledgerNode Node { get; }

    /// <summary>The node's store (kept across a restart).</summary>
    public IKeyValueStore Store { get; }

    /// <summary>False once the node failed or was stopped.</summary>
    public bool IsAlive => Endpoint.IsAlive;

    /// <summary>Node messages this node sent.</summary>
    public long MessagesSent => Endpoint.Sent;

    /// <summary>Node messages this node received.</summary>
    public long MessagesReceived => Endpoint.Received;

    /// <summary>Peers this node's network believes it is connected to (half-open links to a vanished peer included).</summary>
    public IReadOnlyCollection<NodeId> Links => [.. Endpoint.Links];

    internal Action<NodeOptions>? Configure { get; }

    internal SimulatedEndpoint Endpoint { get; }
}
