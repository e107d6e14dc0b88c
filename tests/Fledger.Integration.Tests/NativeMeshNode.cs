using Fledger.Core.Identity;
using Fledger.Core.Storage;
using Fledger.Net.Native;
using Fledger.Net.Network;
using Fledger.Net.Signaling;
using Fledger.Node;
using Fledger.WebRtc.PeerConnection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fledger.Integration.Tests;

/// <summary>
/// A whole native node as the CLI runs it: signaling client to a real server, the network stack over the managed
/// WebRTC stack on loopback, and a <see cref="FledgerNode"/> with every module.
/// </summary>
internal sealed class NativeMeshNode : IAsyncDisposable
{
    private NativeMeshNode(FledgerNode node, NetworkStack network, SignalingBroker signaling)
    {
        Node = node;
        Network = network;
        Signaling = signaling;
    }

    public FledgerNode Node { get; }

    public NetworkStack Network { get; }

    public SignalingBroker Signaling { get; }

    public NodeId Id => Node.Id;

    public static async Task<NativeMeshNode> StartAsync(Uri hub, string name, CancellationToken cancellationToken)
    {
        var store = new InMemoryKeyValueStore();
        var identity = await NodeIdentityStore.LoadOrCreateAsync(store, null, cancellationToken);
        var info = identity.CreateNodeInfo(name, ClientKind.Cli, ["random-connections", "gossip", "ping", "stat"]);
        var client = new SignalingClient(identity, info, new SignalingClientOptions { ServerUri = hub }, NullLogger<SignalingClient>.Instance);
        var signaling = new SignalingBroker(client);
        var factory = new NativeWebRtcPeerFactory(new RtcConfiguration { LoopbackOnly = true }, NullLoggerFactory.Instance);
        var network = NetworkStack.Create(identity.Id, signaling.Broker, factory, NetworkOptions.Default, TimeProvider.System, NullLoggerFactory.Instance);
        var node = await FledgerNode.CreateAsync(new NodeOptions { Name = name }, store, network.Network, TimeProvider.System, NullLoggerFactory.Instance, cancellationToken: cancellationToken);
        await node.StartAsync(cancellationToken);
        await signaling.Broker.EmitInputAsync(new SignalIn.Connect());
        return new NativeMeshNode(node, network, signaling);
    }

    public async ValueTask DisposeAsync()
    {
        await Node.DisposeAsync();
        await Signaling.Broker.EmitInputAsync(new SignalIn.Disconnect()).AsTask().WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await Network.DisposeAsync();
        await Signaling.DisposeAsync();
    }
}
