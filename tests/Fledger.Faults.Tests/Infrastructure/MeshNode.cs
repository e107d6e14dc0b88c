using Fledger.Broker;
using Fledger.Core.Identity;
using Fledger.Core.Storage;
using Fledger.Modules;
using Fledger.Net.Network;
using Fledger.Net.Signaling;
using Fledger.Net.WebRtc;
using Fledger.Node;

namespace Fledger.Faults.Tests.Infrastructure;

/// <summary>
/// One complete node in the test process, wired like the CLI wires it: a signaling broker (real client or in-memory
/// relay), a <see cref="NetworkStack"/> over a peer factory, and a <see cref="FledgerNode"/> with all modules.
/// </summary>
public sealed class MeshNode : IAsyncDisposable
{
    /// <summary>The modules a node announces.</summary>
    public static readonly IReadOnlyList<string> Modules = [ModuleNames.RandomConnections, ModuleNames.Gossip, ModuleNames.Ping, ModuleNames.Stat];

    private readonly IAsyncDisposable _signalOwner;
    private readonly IDisposable _signalSubscription;
    private int _announcements;
    private int _state;

    private MeshNode(string name, FledgerNode node, NetworkStack stack, Broker<SignalIn, SignalOut> signal, IAsyncDisposable signalOwner)
    {
        Name = name;
        Node = node;
        Stack = stack;
        Signal = signal;
        _signalOwner = signalOwner;
        _signalSubscription = signal.SubscribeOutputs(output =>
        {
            if (output is SignalOut.Announced)
            {
                Interlocked.Increment(ref _announcements);
                Changed?.Invoke(this, EventArgs.Empty);
            }
        });
        node.Changed += (_, _) => Changed?.Invoke(this, EventArgs.Empty);
    }

    /// <summary>Raised when the node's view changed or it was announced.</summary>
    public event EventHandler? Changed;

    /// <summary>The display name.</summary>
    public string Name { get; }

    /// <summary>The node.</summary>
    public FledgerNode Node { get; }

    /// <summary>Its network stack.</summary>
    public NetworkStack Stack { get; }

    /// <summary>Its signaling broker.</summary>
    public Broker<SignalIn, SignalOut> Signal { get; }

    /// <summary>The node's id.</summary>
    public NodeId Id => Node.Id;

    /// <summary>How often the signal server has announced this node.</summary>
    public int Announcements => Volatile.Read(ref _announcements);

    /// <summary>Whether the node runs (not frozen, not killed).</summary>
    public bool IsAlive => Volatile.Read(ref _state) == 0;

    /// <summary>
    /// Builds and starts a node. <paramref name="signalFor"/> makes the signaling broker for the node's identity and info
    /// (and returns what owns it); <paramref name="peers"/> makes the WebRTC peer factory for the node's id.
    /// </summary>
    public static async Task<MeshNode> StartAsync(
        string name,
        int seed,
        NodeOptions options,
        Func<NodeIdentity, NodeInfo, (Broker<SignalIn, SignalOut> Broker, IAsyncDisposable Owner)> signalFor,
        Func<NodeId, IWebRtcPeerFactory> peers,
        NetworkOptions? networkOptions = null,
        CancellationToken cancellationToken = default)
    {
        var store = new InMemoryKeyValueStore();
        var random = new Random(seed);
        var identity = await NodeIdentityStore.LoadOrCreateAsync(store, random, cancellationToken);
        options.Name = name;
        var info = identity.CreateNodeInfo(name, options.Kind, Modules);
        var (signal, owner) = signalFor(identity, info);
        var stack = NetworkStack.Create(identity.Id, signal, peers(identity.Id), networkOptions);
        var node = await FledgerNode.CreateAsync(options, store, stack.Network, TimeProvider.System, random: random, cancellationToken: cancellationToken);
        var mesh = new MeshNode(name, node, stack, signal, owner);
        await node.StartAsync(cancellationToken);
        await signal.EmitInputAsync(new SignalIn.Connect()).AsTask().WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        return mesh;
    }

    /// <summary>
    /// Freezes the node's application side: its modules stop (no pongs, no gossip) while its WebRTC connections and
    /// signaling stay open, so peers see a connection that is up but silent: only ping can detect it.
    /// </summary>
    public async Task FreezeAsync()
    {
        Volatile.Write(ref _state, 1);
        await Node.DisposeAsync();
    }

    /// <summary>Stops everything at once, without leaving the signal server first (an abrupt kill).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _state, 2) == 2)
        {
            return;
        }

        _signalSubscription.Dispose();
        await Node.DisposeAsync();
        await Stack.DisposeAsync();
        await _signalOwner.DisposeAsync();
    }
}
