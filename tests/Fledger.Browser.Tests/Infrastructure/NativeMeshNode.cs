using System.Net;
using System.Net.Sockets;
using Fledger.Core.Identity;
using Fledger.Core.Storage;
using Fledger.Modules.RandomConnections;
using Fledger.Net.Native;
using Fledger.Net.Network;
using Fledger.Net.Signaling;
using Fledger.Node;
using Fledger.WebRtc.PeerConnection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fledger.Browser.Tests.Infrastructure;

/// <summary>
/// A native node wired as the CLI wires it (signaling client, network stack over the managed WebRTC stack, all
/// modules). Its ICE candidates come only from the test namespace's veth (<see cref="VethPrefix"/>), so it never
/// binds another interface, and Chromium in the same namespace can reach it.
/// </summary>
public sealed class NativeMeshNode : IAsyncDisposable
{
    /// <summary>The first three bytes of the namespace's veth address (scripts/in-netns.sh: 10.200.0.1/24).</summary>
    public static readonly byte[] VethPrefix = [10, 200, 0];

    private readonly SignalingBroker _signaling;
    private readonly NetworkStack _network;
    private readonly TaskCompletionSource _announced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly IDisposable _subscription;

    private NativeMeshNode(SignalingBroker signaling, NetworkStack network)
    {
        _signaling = signaling;
        _network = network;
        _subscription = signaling.Broker.SubscribeOutputs(OnSignalAsync);
    }

    /// <summary>The running node.</summary>
    public FledgerNode Node { get; private set; } = null!;

    /// <summary>The node id as the web node shows it.</summary>
    public string Id => Node.Id.ToString();

    /// <summary>Starts a node named <paramref name="name"/> at <paramref name="signalUri"/> and waits for its announce.</summary>
    public static async Task<NativeMeshNode> StartAsync(string name, Uri signalUri, int seed)
    {
        var store = new InMemoryKeyValueStore();
        var random = new Random(seed);
        var identity = await NodeIdentityStore.LoadOrCreateAsync(store, random, CancellationToken.None);
        var info = identity.CreateNodeInfo(name, ClientKind.Cli, [Fledger.Modules.ModuleNames.RandomConnections, Fledger.Modules.ModuleNames.Gossip, Fledger.Modules.ModuleNames.Ping, Fledger.Modules.ModuleNames.Stat]);
        var client = new SignalingClient(identity, info, new SignalingClientOptions { ServerUri = signalUri }, NullLogger<SignalingClient>.Instance);
        var signaling = new SignalingBroker(client);
        var rtc = new RtcConfiguration { InterfaceFilter = (_, address) => IsVeth(address) };
        var network = NetworkStack.Create(identity.Id, signaling.Broker, new NativeWebRtcPeerFactory(rtc));
        var node = new NativeMeshNode(signaling, network);
        // A dial that does not open within ConnectTimeout (10 s) keeps that peer off the list for a back-off that
        // escalates from 5 s to RetryBackoff (60 s) while it keeps failing. Setups to the tabs can time out repeatedly
        // while Chromium starts them on a loaded CI machine; with the escalation the retries come at ~15, ~35 and ~75 s,
        // past the scenario's 60 s deadline (1 failure in 19 runs at load 6). The scenario tests chat across the mesh,
        // not the back-off (RandomConnectionsBackoffTests does), so its native nodes retry every 5 s.
        var options = new NodeOptions
        {
            Name = name,
            RandomConnections = new RandomConnectionsOptions { RetryBackoff = TimeSpan.FromSeconds(5) },
        };
        node.Node = await FledgerNode.CreateAsync(options, store, network.Network, TimeProvider.System, random: random);
        await node.Node.StartAsync();
        await signaling.Broker.EmitInputAsync(new SignalIn.Connect());
        await node._announced.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return node;
    }

    /// <summary>Waits until the node holds a chat event with <paramref name="text"/>.</summary>
    public async Task WaitChatAsync(string text, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check(object? sender, NodeChangedEventArgs e)
        {
            if (Node.ChatEvents.Any(c => c.Text == text))
            {
                seen.TrySetResult();
            }
        }

        Node.Changed += Check;
        try
        {
            Check(null, new NodeChangedEventArgs(NodeChange.Events));
            await seen.Task.WaitAsync(timeout);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{Node.Info.Name} did not get '{text}'; connections: {Node.Connections.Count}, known: {Node.KnownNodes.Count}", e);
        }
        finally
        {
            Node.Changed -= Check;
        }
    }

    /// <summary>Leaves the signal server and stops the node.</summary>
    public async ValueTask DisposeAsync()
    {
        _subscription.Dispose();
        await Node.DisposeAsync();
        await _signaling.Broker.EmitInputAsync(new SignalIn.Disconnect()).AsTask().WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _network.DisposeAsync();
        await _signaling.DisposeAsync();
    }

    private static bool IsVeth(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            return false;
        }

        var bytes = address.GetAddressBytes();
        return bytes[0] == VethPrefix[0] && bytes[1] == VethPrefix[1] && bytes[2] == VethPrefix[2];
    }

    private async ValueTask OnSignalAsync(SignalOut message)
    {
        if (message is SignalOut.Announced)
        {
            _announced.TrySetResult();
            await _network.Network.EmitInputAsync(new NetworkIn.RequestNodeList());
        }
    }
}
