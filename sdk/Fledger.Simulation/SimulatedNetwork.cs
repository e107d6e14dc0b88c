using Fledger.Broker;
using Fledger.Core.Identity;
using Fledger.Core.Storage;
using Fledger.Node;
using Microsoft.Extensions.Time.Testing;

namespace Fledger.Simulation;

/// <summary>
/// A simulated network of real <see cref="FledgerNode"/>s in one process, driven by a <see cref="FakeTimeProvider"/>:
/// each node gets its own <c>Broker&lt;NetworkIn, NetworkOut&gt;</c> whose connections and messages are in-memory,
/// with random latency, loss, partitions and node failures. Everything is deterministic for a given seed.
/// </summary>
/// <remarks>
/// Semantics: <c>Connect</c> opens a link after one round trip when the peer is alive and reachable, else reports
/// <c>Disconnected("connect failed")</c> after <see cref="SimulationOptions.ConnectTimeout"/>. <c>SendMessage</c> to a
/// peer without a link answers <c>SendFailed</c> (the simulator does not connect on demand). A failed node
/// (<see cref="FailAsync"/>) vanishes without closing: its peers keep a half-open link until they notice. Node lists
/// are random samples of the live nodes of at most <see cref="SimulationOptions.NodeListSize"/>.
/// Not thread-safe: drive it from one test.
/// </remarks>
public sealed partial class SimulatedNetwork : IAsyncDisposable
{
    private readonly SimulationOptions _options;
    private readonly PriorityQueue<Action, (long Due, long Seq)> _queue = new();
    private readonly Dictionary<NodeId, SimulatedNode> _byId = [];
    private readonly List<SimulatedNode> _nodes = [];
    private readonly Dictionary<string, long> _sentByModule = new(StringComparer.Ordinal);
    private readonly HashSet<NodeId> _partition = [];
    private long _seq;

    /// <summary>Creates an empty network.</summary>
    public SimulatedNetwork(SimulationOptions? options = null)
    {
        _options = options ?? new SimulationOptions();
        Time = new FakeTimeProvider(_options.Start);
        Random = new Random(_options.Seed);
    }

    /// <summary>The simulated clock.</summary>
    public FakeTimeProvider Time { get; }

    /// <summary>The simulation's seeded random source.</summary>
    public Random Random { get; }

    /// <summary>Simulated time since the start.</summary>
    public TimeSpan Elapsed => Time.GetUtcNow() - _options.Start;

    /// <summary>Every node ever added (a restarted node replaces its entry), alive or not.</summary>
    public IReadOnlyList<SimulatedNode> Nodes => _nodes;

    /// <summary>The nodes that are alive.</summary>
    public IEnumerable<SimulatedNode> AliveNodes => _nodes.Where(n => n.IsAlive);

    /// <summary>Node messages sent over all nodes.</summary>
    public long MessagesSent { get; private set; }

    /// <summary>The node with <paramref name="id"/>.</summary>
    public SimulatedNode this[NodeId id] => _byId[id];

    /// <summary>Node messages sent for <paramref name="module"/> (e.g. <c>gossip</c>).</summary>
    public long MessagesSentFor(string module) => _sentByModule.GetValueOrDefault(module);

    /// <summary>
    /// Adds a node with a fresh (or the given) store. Defaults for simulated nodes: <see cref="NodeOptions.Kind"/> =
    /// Test and <see cref="NodeOptions.PublishNodeInfo"/> = false (each node-info event is n signature checks per
    /// node); <paramref name="configure"/> runs after and may change them. The node is started.
    /// </summary>
    public async Task<SimulatedNode> AddNodeAsync(Action<NodeOptions>? configure = null, IKeyValueStore? store = null, CancellationToken cancellationToken = default)
    {
        store ??= new InMemoryKeyValueStore();
        var random = new Random(Random.Next());
        var node = await StartNodeAsync(store, configure, random, cancellationToken);
        _nodes.Add(node);
        _byId[node.Id] = node;
        return node;
    }

    /// <summary>Adds <paramref name="count"/> nodes.</summary>
    public async Task<IReadOnlyList<SimulatedNode>> AddNodesAsync(int count, Action<NodeOptions>? configure = null, CancellationToken cancellationToken = default)
    {
        var added = new List<SimulatedNode>(count);
        for (var i = 0; i < count; i++)
        {
            added.Add(await AddNodeAsync(configure, cancellationToken: cancellationToken));
        }

        return added;
    }

    /// <summary>The node vanishes without closing its links (a crash or a lost network); its peers are not told.</summary>
    public async Task FailAsync(NodeId id)
    {
        var node = _byId[id];
        if (!node.IsAlive)
        {
            return;
        }

        node.Endpoint.IsAlive = false;
        node.Endpoint.Links.Clear();
        node.Endpoint.Connecting.Clear();
        await node.Node.DisposeAsync();
        await node.Endpoint.Broker.DisposeAsync();
    }

    /// <summary>The node stops and closes its links; its peers get <c>Disconnected</c> after one latency.</summary>
    public async Task StopAsync(NodeId id)
    {
        var node = _byId[id];
        if (!node.IsAlive)
        {
            return;
        }

        foreach (var peer in node.Endpoint.Links.ToArray())
        {
            CloseRemote(node.Endpoint, peer);
        }

        await FailAsync(id);
    }

    /// <summary>Starts a stopped or failed node again with the same store and options (so the same identity).</summary>
    public async Task<SimulatedNode> RestartAsync(NodeId id, CancellationToken cancellationToken = default)
    {
        var old = _byId[id];
        if (old.IsAlive)
        {
            throw new InvalidOperationException("Stop or fail the node before restarting it.");
        }

        var node = await StartNodeAsync(old.Store, old.Configure, new Random(Random.Next()), cancellationToken);
        _nodes[_nodes.IndexOf(old)] = node;
        _byId[node.Id] = node;
        return node;
    }

    /// <summary>Cuts the given nodes off from all others (messages and new connections between the sides are lost).</summary>
    public void Partition(IEnumerable<NodeId> side)
    {
        _partition.Clear();
        _partition.UnionWith(side);
    }

    /// <summary>Removes the partition.</summary>
    public void Heal() => _partition.Clear();

    /// <summary>Stops every node.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes.Where(n => n.IsAlive).ToArray())
        {
            await FailAsync(node.Id);
        }
    }

    private async Task<SimulatedNode> StartNodeAsync(IKeyValueStore store, Action<NodeOptions>? configure, Random random, CancellationToken cancellationToken)
    {
        var identity = await NodeIdentityStore.LoadOrCreateAsync(store, random, cancellationToken);
        var endpoint = new SimulatedEndpoint(this, identity.Id);
        var options = new NodeOptions { Kind = ClientKind.Test, PublishNodeInfo = false };
        configure?.Invoke(options);
        var node = await FledgerNode.CreateAsync(options, store, endpoint.Broker, Time, _options.Loggers, random, BrokerOptions.Manual, cancellationToken);
        endpoint.Info = node.Info;
        await node.StartAsync(cancellationToken);
        await node.SettleAsync(cancellationToken);
        return new SimulatedNode(node, store, configure, endpoint);
    }

    private bool Reachable(SimulatedEndpoint a, SimulatedEndpoint b)
        => a.IsAlive && b.IsAlive && _partition.Contains(a.Id) == _partition.Contains(b.Id);

    private TimeSpan Latency()
    {
        // Whole milliseconds, so deliveries due in the same millisecond are handled in one step.
        var min = Math.Max(1, (long)_options.MinLatency.TotalMilliseconds);
        var max = Math.Max(min, (long)_options.MaxLatency.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(min + Random.NextInt64(max - min + 1));
    }

    private void Schedule(TimeSpan after, Action action)
        => _queue.Enqueue(action, ((Time.GetUtcNow() + after).UtcTicks, _seq++));

    private SimulatedEndpoint? CurrentEndpoint(NodeId id)
        => _byId.TryGetValue(id, out var node) && node.IsAlive ? node.Endpoint : null;
}
