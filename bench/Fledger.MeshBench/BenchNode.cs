using Fledger.Core.Identity;
using Fledger.Core.Storage;
using Fledger.Modules;
using Fledger.Modules.Gossip;
using Fledger.Modules.RandomConnections;
using Fledger.Net.Native;
using Fledger.Net.Network;
using Fledger.Net.Signaling;
using Fledger.Net.WebRtc;
using Fledger.Node;
using Fledger.WebRtc.PeerConnection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fledger.MeshBench;

/// <summary>One native node in the bench process, wired like the CLI: signaling client, network stack, node.</summary>
internal sealed class BenchNode : IAsyncDisposable
{
    private static readonly RtcConfiguration Loopback = new() { LoopbackOnly = true };
    private static readonly IReadOnlyList<string> Modules = [ModuleNames.RandomConnections, ModuleNames.Gossip, ModuleNames.Ping, ModuleNames.Stat];

    private readonly SignalingBroker _signaling;
    private readonly NetworkStack _stack;

    private BenchNode(FledgerNode node, NetworkStack stack, SignalingBroker signaling)
    {
        Node = node;
        _stack = stack;
        _signaling = signaling;
    }

    public FledgerNode Node { get; }

    public static async Task<BenchNode> StartAsync(Uri hub, string name, int seed, CancellationToken cancellationToken)
    {
        var store = new InMemoryKeyValueStore();
        var random = new Random(seed);
        var identity = await NodeIdentityStore.LoadOrCreateAsync(store, random, cancellationToken);
        var info = identity.CreateNodeInfo(name, ClientKind.Cli, Modules);
        var client = new SignalingClient(identity, info, new SignalingClientOptions { ServerUri = hub }, NullLogger<SignalingClient>.Instance);
        var signaling = new SignalingBroker(client);
        var stack = NetworkStack.Create(identity.Id, signaling.Broker, new NativeWebRtcPeerFactory(Loopback));
        var options = new NodeOptions
        {
            Name = name,
            RandomConnections = new RandomConnectionsOptions { NodeListInterval = TimeSpan.FromSeconds(5) },
            Gossip = new GossipOptions { Persist = false },
        };
        var node = await FledgerNode.CreateAsync(options, store, stack.Network, TimeProvider.System, random: random, cancellationToken: cancellationToken);
        await node.StartAsync(cancellationToken);
        await signaling.Broker.EmitInputAsync(new SignalIn.Connect()).AsTask().WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        return new BenchNode(node, stack, signaling);
    }

    /// <summary>Asks the network stack for its stats: how many connections, and how many are DTLS + SCTP connected over host candidates.</summary>
    public async Task<(int Connections, int Secured)> ConnectionCheckAsync(CancellationToken cancellationToken)
    {
        var stats = new TaskCompletionSource<NetworkOut.Stats>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = _stack.Network.SubscribeOutputs(output =>
        {
            if (output is NetworkOut.Stats s)
            {
                stats.TrySetResult(s);
            }
        });
        await _stack.Network.EmitInputAsync(new NetworkIn.RequestStats()).AsTask().WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        var connections = (await stats.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken)).Connections.Values.ToList();
        return (connections.Count, connections.Count(c => c.Dtls == DtlsState.Connected && c.Sctp == SctpState.Connected && c.LocalCandidate == CandidateType.Host));
    }

    public async ValueTask DisposeAsync()
    {
        await Node.DisposeAsync();
        await _signaling.Broker.EmitInputAsync(new SignalIn.Disconnect()).AsTask().WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _stack.DisposeAsync();
        await _signaling.DisposeAsync();
    }
}
