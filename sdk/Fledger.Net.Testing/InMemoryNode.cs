using Fledger.Broker;
using Fledger.Core.Identity;
using Fledger.Net.Network;
using Fledger.Net.Signaling;

namespace Fledger.Net.Testing;

/// <summary>One node of an <see cref="InMemoryCluster"/>: its identity, signaling broker and network stack.</summary>
/// <param name="Identity">The node's key pair.</param>
/// <param name="Info">What it announces.</param>
/// <param name="Signal">Its signaling broker (an <see cref="InMemorySignalRelay"/> client).</param>
/// <param name="Stack">Its network layer.</param>
public sealed record InMemoryNode(NodeIdentity Identity, NodeInfo Info, Broker<SignalIn, SignalOut> Signal, NetworkStack Stack)
{
    /// <summary>The node's id.</summary>
    public NodeId Id => Identity.Id;

    /// <summary>The node's network broker.</summary>
    public Broker<NetworkIn, NetworkOut> Network => Stack.Network;
}
