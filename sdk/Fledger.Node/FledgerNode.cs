using System.Text;
using Fledger.Broker;
using Fledger.Broker.Timer;
using Fledger.Core.Identity;
using Fledger.Core.Storage;
using Fledger.Modules.Gossip;
using Fledger.Modules.Ping;
using Fledger.Modules.RandomConnections;
using Fledger.Modules.Stat;
using Fledger.Net.Network;
using Microsoft.Extensions.Logging;

namespace Fledger.Node;

/// <summary>
/// A Fledger node: its identity, the enabled modules linked to the network broker and a timer, and a live view of
/// the modules' states built from their state messages. Create it with <see cref="CreateAsync"/>, then call
/// <see cref="StartAsync"/>.
/// </summary>
/// <remarks>
/// The view (<see cref="Connections"/>, <see cref="KnownNodes"/>, <see cref="ChatEvents"/>, <see cref="Stats"/>, …)
/// is updated while the brokers process messages; <see cref="Changed"/> is raised then, on the processing thread
/// (a UI marshals it to its own thread). All members are safe to call from any thread.
/// </remarks>
public sealed partial class FledgerNode : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly NodeOptions _options;
    private readonly NodeIdentity _identity;
    private readonly TimerBroker _timer;
    private readonly List<IDisposable> _subscriptions = [];
    private readonly List<IAsyncDisposable> _brokers = [];
    private readonly ILogger _logger;
    private readonly HashSet<NodeId> _connections = [];
    private readonly Dictionary<NodeId, NodeInfo> _known = [];
    private readonly SortedDictionary<(DateTimeOffset Created, GossipEventId Id), GossipEvent> _chat = [];
    private readonly HashSet<GossipEventId> _chatIds = [];
    private IReadOnlyDictionary<NodeId, PeerStat> _stats = new Dictionary<NodeId, PeerStat>();
    private IReadOnlyDictionary<NodeId, PingPeerState> _pings = new Dictionary<NodeId, PingPeerState>();
    private RandomConnectionsOut.State? _overlay;
    private GossipStats _gossipStats = new(0, 0, 0, 0, 0, 0, 0, 0);
    private GossipEvent? _lastLocal;
    private int _disposed;

    /// <summary>This node's id.</summary>
    public NodeId Id => _identity.Id;

    /// <summary>What this node tells others about itself.</summary>
    public NodeInfo Info { get; }

    /// <summary>The options the node was built with.</summary>
    public NodeOptions Options => _options;

    /// <summary>The network broker the modules are linked to.</summary>
    public Broker<NetworkIn, NetworkOut> Network { get; }

    /// <summary>The random-connections module's broker, when enabled.</summary>
    public Broker<RandomConnectionsIn, RandomConnectionsOut>? RandomConnections { get; }

    /// <summary>The gossip module's broker, when enabled.</summary>
    public Broker<GossipIn, GossipOut>? Gossip { get; }

    /// <summary>The ping module's broker, when enabled.</summary>
    public Broker<PingIn, PingOut>? Ping { get; }

    /// <summary>The stat module's broker, when enabled.</summary>
    public Broker<StatIn, StatOut>? Stat { get; }

    /// <summary>Raised when the view changed (on the thread that processed the message).</summary>
    public event EventHandler<NodeChangedEventArgs>? Changed;

    /// <summary>Peers with an open connection.</summary>
    public IReadOnlyList<NodeId> Connections
    {
        get
        {
            lock (_gate)
            {
                return [.. _connections.Order()];
            }
        }
    }

    /// <summary>Other nodes known from node lists and node-info events.</summary>
    public IReadOnlyList<NodeInfo> KnownNodes
    {
        get
        {
            lock (_gate)
            {
                return [.. _known.Values];
            }
        }
    }

    /// <summary>The last state of the random-connections module (null before its first state or when disabled).</summary>
    public RandomConnectionsOut.State? Overlay
    {
        get
        {
            lock (_gate)
            {
                return _overlay;
            }
        }
    }

    /// <summary>Chat events held, oldest first.</summary>
    public IReadOnlyList<GossipEvent> ChatEvents
    {
        get
        {
            lock (_gate)
            {
                return [.. _chat.Values];
            }
        }
    }

    /// <summary>Per-peer connection statistics (from the stat module).</summary>
    public IReadOnlyDictionary<NodeId, PeerStat> Stats
    {
        get
        {
            lock (_gate)
            {
                return _stats;
            }
        }
    }

    /// <summary>Per-peer ping state (from the ping module).</summary>
    public IReadOnlyDictionary<NodeId, PingPeerState> Pings
    {
        get
        {
            lock (_gate)
            {
                return _pings;
            }
        }
    }

    /// <summary>The gossip module's counters.</summary>
    public GossipStats GossipStats
    {
        get
        {
            lock (_gate)
            {
                return _gossipStats;
            }
        }
    }

    /// <summary>True while any of the node's brokers has queued or running work.</summary>
    public bool HasPendingWork
    {
        get
        {
            if (_timer.Broker.PendingCount > 0 || Network.PendingCount > 0)
            {
                return true;
            }

            return (RandomConnections?.PendingCount ?? 0) + (Gossip?.PendingCount ?? 0) + (Ping?.PendingCount ?? 0) + (Stat?.PendingCount ?? 0) > 0;
        }
    }

    /// <summary>Whether a chat event with <paramref name="id"/> is held.</summary>
    public bool HasChatEvent(GossipEventId id)
    {
        lock (_gate)
        {
            return _chatIds.Contains(id);
        }
    }

    /// <summary>Loads stored events, publishes this node's info (when enabled) and lets the modules start on the next tick.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Gossip is not null)
        {
            await Gossip.EmitInputAsync(new GossipIn.Start()).AsTask().WaitAsync(cancellationToken);
            if (_options.PublishNodeInfo)
            {
                await Gossip.EmitInputAsync(new GossipIn.Publish(GossipCategory.NodeInfo, Info.Encode())).AsTask().WaitAsync(cancellationToken);
            }
        }

        Log.Started(_logger, Id.ToShortString(), Info.Name, _options.Modules);
    }

    /// <summary>Signs and publishes a chat message; returns the event, or null when the gossip module rejected it.</summary>
    /// <exception cref="ArgumentException">The text is empty or longer than <see cref="GossipOptions.MaxChatBytes"/> UTF-8 bytes.</exception>
    /// <exception cref="InvalidOperationException">The gossip module is not enabled.</exception>
    public async Task<GossipEvent?> PostChatAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length > _options.Gossip.MaxChatBytes)
        {
            throw new ArgumentException($"A chat message is at most {_options.Gossip.MaxChatBytes} UTF-8 bytes.", nameof(text));
        }

        var gossip = Gossip ?? throw new InvalidOperationException("The gossip module is not enabled.");
        lock (_gate)
        {
            _lastLocal = null;
        }

        await gossip.EmitInputAsync(new GossipIn.Publish(GossipCategory.Chat, bytes)).AsTask().WaitAsync(cancellationToken);
        lock (_gate)
        {
            return _lastLocal;
        }
    }

    /// <summary>Processes until every broker of this node is idle (tests and simulations with manual brokers).</summary>
    public Task SettleAsync(CancellationToken cancellationToken = default) => _timer.Broker.SettleAsync(cancellationToken);

    /// <summary>Stops the timer, unlinks and disposes the module brokers. The network broker is not disposed (it is not owned).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _timer.DisposeAsync();
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }

        foreach (var broker in _brokers)
        {
            await broker.DisposeAsync();
        }
    }

    private void Raise(NodeChange change) => Changed?.Invoke(this, new NodeChangedEventArgs(change));
}
