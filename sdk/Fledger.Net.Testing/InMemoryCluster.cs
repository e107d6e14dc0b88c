using Fledger.Broker;
using Fledger.Core.Identity;
using Fledger.Net.Network;
using Fledger.Net.Signaling;
using Microsoft.Extensions.Logging;

namespace Fledger.Net.Testing;

/// <summary>
/// Many nodes' complete network stacks in one process: an <see cref="InMemorySignalRelay"/>, an
/// <see cref="InMemoryWebRtcNetwork"/>, and per node a <see cref="NetworkStack"/> over them.
/// </summary>
public sealed class InMemoryCluster : IAsyncDisposable
{
    private readonly List<InMemoryNode> _nodes = [];
    private readonly Random _random;
    private readonly NetworkOptions? _options;
    private readonly ILoggerFactory? _loggerFactory;

    /// <summary>Creates an empty cluster on <paramref name="time"/>; <paramref name="seed"/> makes identities reproducible.</summary>
    public InMemoryCluster(
        TimeProvider? time = null,
        InMemoryNetworkOptions? networkOptions = null,
        NetworkOptions? options = null,
        int seed = 1,
        ILoggerFactory? loggerFactory = null)
    {
        Time = time ?? TimeProvider.System;
        WebRtc = new InMemoryWebRtcNetwork(Time, networkOptions);
        Signal = new InMemorySignalRelay(seed);
        _random = new Random(seed);
        _options = options;
        _loggerFactory = loggerFactory;
    }

    /// <summary>The clock of every node.</summary>
    public TimeProvider Time { get; }

    /// <summary>The in-memory WebRTC network (latency, drops, partitions).</summary>
    public InMemoryWebRtcNetwork WebRtc { get; }

    /// <summary>The in-memory signaling server.</summary>
    public InMemorySignalRelay Signal { get; }

    /// <summary>The nodes added so far.</summary>
    public IReadOnlyList<InMemoryNode> Nodes => _nodes;

    /// <summary>
    /// Adds a node and connects it to signaling (it is announced when this returns). <paramref name="options"/>
    /// overrides the cluster's network options for this node.
    /// </summary>
    public async Task<InMemoryNode> AddNodeAsync(string name, NetworkOptions? options = null, CancellationToken cancellationToken = default)
    {
        NodeIdentity identity;
        lock (_random)
        {
            identity = NodeIdentity.Generate(_random);
        }

        var info = identity.CreateNodeInfo(name, ClientKind.Test);
        var signal = Signal.CreateClient(info);
        var stack = NetworkStack.Create(identity.Id, signal, WebRtc.CreateFactory(identity.Id), options ?? _options, Time, _loggerFactory);
        var node = new InMemoryNode(identity, info, signal, stack);
        _nodes.Add(node);
        await signal.EmitInputAsync(new SignalIn.Connect()).AsTask().WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        return node;
    }

    /// <summary>Disposes every node's stack and signaling broker.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.Stack.DisposeAsync();
            await node.Signal.DisposeAsync();
        }
    }
}
