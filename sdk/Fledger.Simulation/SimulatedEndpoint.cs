using Fledger.Broker;
using Fledger.Core.Identity;
using Fledger.Net.Network;

namespace Fledger.Simulation;

/// <summary>One node's attachment to the simulated network: its network broker and its links.</summary>
internal sealed class SimulatedEndpoint : IHandler<NetworkIn, NetworkOut>
{
    private readonly SimulatedNetwork _network;

    public SimulatedEndpoint(SimulatedNetwork network, NodeId id)
    {
        _network = network;
        Id = id;
        Broker = new Broker<NetworkIn, NetworkOut>($"sim-net-{id.ToShortString()}", options: BrokerOptions.Manual);
        Broker.AddHandler(this);
    }

    public NodeId Id { get; }

    public NodeInfo? Info { get; set; }

    public Broker<NetworkIn, NetworkOut> Broker { get; }

    public bool IsAlive { get; set; } = true;

    public HashSet<NodeId> Links { get; } = [];

    public HashSet<NodeId> Connecting { get; } = [];

    public Dictionary<NodeId, (long Sent, long Received)> Bytes { get; } = [];

    public long Sent { get; set; }

    public long Received { get; set; }

    public ValueTask HandleAsync(NetworkIn message, IBrokerOutput<NetworkOut> output, CancellationToken cancellationToken)
    {
        if (IsAlive)
        {
            _network.Handle(this, message, output);
        }

        return ValueTask.CompletedTask;
    }

    public void CountBytes(NodeId peer, long sent, long received)
    {
        var (s, r) = Bytes.GetValueOrDefault(peer);
        Bytes[peer] = (s + sent, r + received);
    }
}
