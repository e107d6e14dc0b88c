using System.Diagnostics;
using Fledger.Core.Identity;
using Fledger.Modules.Gossip;
using Fledger.Modules.Ping;
using Fledger.Modules.RandomConnections;
using Fledger.Net.Native;
using Fledger.Net.Network;
using Fledger.Net.Signaling;
using Fledger.Net.Testing;
using Fledger.Net.WebRtc;
using Fledger.Node;
using Fledger.WebRtc.PeerConnection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fledger.Faults.Tests.Infrastructure;

/// <summary>
/// A set of <see cref="MeshNode"/>s and the helpers the fault tests share: start nodes on a real signal server over
/// the managed WebRTC stack on 127.0.0.1 (or on the in-memory kit), wait for a condition with a deadline, and compute
/// overlay connectivity from every node's <see cref="FledgerNode.Connections"/>.
/// </summary>
public sealed class Mesh : IAsyncDisposable
{
    private static readonly RtcConfiguration Loopback = new() { LoopbackOnly = true };
    private readonly List<MeshNode> _nodes = [];
    private readonly SemaphoreSlim _changed = new(0);

    /// <summary>The nodes, in start order (killed ones included).</summary>
    public IReadOnlyList<MeshNode> Nodes => _nodes;

    /// <summary>Nodes that are neither killed nor frozen.</summary>
    public IReadOnlyList<MeshNode> Alive => [.. _nodes.Where(n => n.IsAlive)];

    /// <summary>Node options for tests: a fast overlay (node list every 2 s) and ping every 2 s failing after 8 s.</summary>
    public static NodeOptions FastOptions() => new()
    {
        RandomConnections = new RandomConnectionsOptions
        {
            NodeListInterval = TimeSpan.FromSeconds(2),
            RetryBackoff = TimeSpan.FromSeconds(20),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            StateInterval = TimeSpan.FromSeconds(2),
        },
        Gossip = new GossipOptions { AntiEntropyInterval = TimeSpan.FromSeconds(2), StateInterval = TimeSpan.FromSeconds(1), Persist = false },
        Ping = new PingOptions { Interval = TimeSpan.FromSeconds(2), FailAfter = TimeSpan.FromSeconds(8) },
    };

    /// <summary>
    /// Starts <paramref name="count"/> native nodes on the signal server at <paramref name="hub"/>, their UDP datagrams
    /// lost through <paramref name="loss"/> when given.
    /// </summary>
    public async Task AddNativeAsync(Uri hub, int count, int seed, DatagramLoss? loss = null)
    {
        var rtc = loss is null ? Loopback : Loopback with { DropOutgoingDatagram = loss.Drop };
        for (var i = 0; i < count; i++)
        {
            var node = await MeshNode.StartAsync($"n{_nodes.Count}", seed + i, FastOptions(), (identity, info) =>
            {
                var client = new SignalingClient(
                    identity,
                    info,
                    new SignalingClientOptions { ServerUri = hub, ReconnectInitialDelay = TimeSpan.FromMilliseconds(200), ReconnectMaxDelay = TimeSpan.FromSeconds(2) },
                    NullLogger<SignalingClient>.Instance);
                var broker = new SignalingBroker(client);
                return (broker.Broker, broker);
            }, _ => new NativeWebRtcPeerFactory(rtc));
            Track(node);
        }
    }

    /// <summary>Starts <paramref name="count"/> nodes on the in-memory WebRTC kit <paramref name="webRtc"/> and signal relay <paramref name="relay"/>.</summary>
    public async Task AddInMemoryAsync(InMemoryWebRtcNetwork webRtc, InMemorySignalRelay relay, int count, int seed)
    {
        for (var i = 0; i < count; i++)
        {
            var node = await MeshNode.StartAsync($"m{_nodes.Count}", seed + i, FastOptions(), (_, info) =>
            {
                var broker = relay.CreateClient(info);
                return (broker, broker);
            }, webRtc.CreateFactory);
            Track(node);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds, re-checking on every node change (and at least every 250 ms).</summary>
    /// <returns>How long it took.</returns>
    /// <exception cref="TimeoutException">It did not hold within <paramref name="deadline"/>.</exception>
    public async Task<TimeSpan> WaitUntilAsync(Func<bool> condition, TimeSpan deadline, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            var left = deadline - watch.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"Not within {deadline.TotalSeconds:0} s: {what}. {Describe()}");
            }

            await _changed.WaitAsync(left < TimeSpan.FromMilliseconds(250) ? left : TimeSpan.FromMilliseconds(250));
        }

        return watch.Elapsed;
    }

    /// <summary>Whether the live nodes form one connected overlay (edges from each live node's connections).</summary>
    public bool IsOneOverlay() => IsConnected(Alive);

    /// <summary>Whether <paramref name="nodes"/> form one connected graph over their connections among themselves.</summary>
    public static bool IsConnected(IReadOnlyList<MeshNode> nodes)
    {
        if (nodes.Count == 0)
        {
            return true;
        }

        var members = nodes.ToDictionary(n => n.Id);
        var edges = members.Keys.ToDictionary(id => id, _ => new HashSet<NodeId>());
        foreach (var node in nodes)
        {
            foreach (var peer in node.Node.Connections)
            {
                if (members.ContainsKey(peer))
                {
                    edges[node.Id].Add(peer);
                    edges[peer].Add(node.Id);
                }
            }
        }

        var seen = new HashSet<NodeId> { nodes[0].Id };
        var queue = new Queue<NodeId>(seen);
        while (queue.TryDequeue(out var id))
        {
            foreach (var next in edges[id])
            {
                if (seen.Add(next))
                {
                    queue.Enqueue(next);
                }
            }
        }

        return seen.Count == nodes.Count;
    }

    /// <summary>Whether every live node holds the chat event <paramref name="id"/>.</summary>
    public bool AllHave(GossipEventId id) => Alive.All(n => n.Node.HasChatEvent(id));

    /// <summary>Posts a chat on <paramref name="node"/> and returns its id.</summary>
    public static async Task<GossipEventId> PostAsync(MeshNode node, string text)
    {
        var posted = await node.Node.PostChatAsync(text).WaitAsync(TimeSpan.FromSeconds(10));
        return Assert.IsType<GossipEvent>(posted).Id;
    }

    /// <summary>How many of <paramref name="node"/>'s connections the network stack reports as DTLS + SCTP connected.</summary>
    public static async Task<int> SecuredConnectionsAsync(MeshNode node)
    {
        var stats = new TaskCompletionSource<NetworkOut.Stats>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = node.Stack.Network.SubscribeOutputs(output =>
        {
            if (output is NetworkOut.Stats s)
            {
                stats.TrySetResult(s);
            }
        });
        await node.Stack.Network.EmitInputAsync(new NetworkIn.RequestStats()).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        var connections = (await stats.Task.WaitAsync(TimeSpan.FromSeconds(10))).Connections.Values;
        return connections.Count(c => c.Dtls == DtlsState.Connected && c.Sctp == SctpState.Connected);
    }

    /// <summary>A one-line summary of degrees (for failure messages).</summary>
    public string Describe()
        => "degrees: " + string.Join(",", _nodes.Select(n => n.IsAlive ? n.Node.Connections.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) : "x"));

    /// <summary>Disposes every node.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _changed.Dispose();
    }

    private void Track(MeshNode node)
    {
        node.Changed += (_, _) =>
        {
            if (_changed.CurrentCount == 0)
            {
                _changed.Release();
            }
        };
        _nodes.Add(node);
    }
}
