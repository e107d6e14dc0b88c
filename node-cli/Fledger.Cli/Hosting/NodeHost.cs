using Fledger.Cli.Signaling;
using Fledger.Cli.View;
using Fledger.Modules.Gossip;
using Fledger.Net.Network;
using Fledger.Net.Signaling;
using Fledger.Node;
using Microsoft.Extensions.Logging;

namespace Fledger.Cli.Hosting;

/// <summary>
/// Runs one <see cref="FledgerNode"/> for the CLI: the signaling client (announce; reconnect with backoff), the
/// network stack over the WebRTC peer factory from <see cref="PeerFactories"/>, the node's modules, and a <see cref="NodeView"/> fed from the
/// node's changes.
/// </summary>
internal sealed partial class NodeHost : IAsyncDisposable
{
    private readonly SignalingBroker _signaling;
    private readonly NetworkStack _network;
    private readonly NodeView _view;
    private readonly int _index;
    private readonly Uri _server;
    private readonly List<IDisposable> _subscriptions = [];
    private readonly HashSet<GossipEventId> _shownChat = [];
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _announced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private FledgerNode? _node;

    private NodeHost(LocalNode local, Uri server, SignalingBroker signaling, NetworkStack network, NodeView view)
    {
        Local = local;
        _server = server;
        _signaling = signaling;
        _network = network;
        _view = view;
        _index = view.AddNode(local.Identity.Id, local.Info.Name);
    }

    /// <summary>The node's identity and store.</summary>
    public LocalNode Local { get; }

    /// <summary>The running node.</summary>
    public FledgerNode Node => _node ?? throw new InvalidOperationException("The node is not started.");

    /// <summary>Builds and starts the node, connects it to <paramref name="server"/> and waits for the announce.</summary>
    /// <exception cref="CliException">The server is unreachable, refused the node or did not answer in <paramref name="timeout"/> (exit code 3).</exception>
    public static async Task<NodeHost> StartAsync(LocalNode local, Uri server, NodeView view, TimeSpan timeout, WebRtcSettings webRtc, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        // First, so the WebRTC warm-up it starts overlaps the probe and the signal-server connection.
        var peers = PeerFactories.Create(webRtc, loggers);
        await SignalSession.ProbeAsync(server, cancellationToken);
        var client = new SignalingClient(local.Identity, local.Info, new SignalingClientOptions { ServerUri = server }, loggers.CreateLogger<SignalingClient>());
        var signaling = new SignalingBroker(client);
        var network = NetworkStack.Create(local.Identity.Id, signaling.Broker, peers, NetworkOptions.Default, TimeProvider.System, loggers);
        var host = new NodeHost(local, server, signaling, network, view);
        try
        {
            host._subscriptions.Add(signaling.Broker.SubscribeOutputs(host.OnSignal));
            var options = new NodeOptions { Name = local.Info.Name };
            host._node = await FledgerNode.CreateAsync(options, local.Store, network.Network, TimeProvider.System, loggers, cancellationToken: cancellationToken);
            host._node.Changed += host.OnNodeChanged;
            await host._node.StartAsync(cancellationToken);
            await signaling.Broker.EmitInputAsync(new SignalIn.Connect());
            await host._announced.Task.WaitAsync(timeout, cancellationToken);
            await network.Network.EmitInputAsync(new NetworkIn.RequestNodeList());
            return host;
        }
        catch (TimeoutException)
        {
            await host.DisposeAsync();
            throw new CliException(ExitCodes.Unreachable, $"the signal server at {server} did not accept this node within {timeout.TotalSeconds:0} s");
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>Posts a chat message; returns false when the gossip module refused it.</summary>
    public async Task<bool> PostChatAsync(string text, CancellationToken cancellationToken)
    {
        var posted = await Node.PostChatAsync(text, cancellationToken);
        OnNodeChanged(this, new NodeChangedEventArgs(NodeChange.Events));
        return posted is not null;
    }

    /// <summary>Leaves the signal server and stops the node and its network.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }

        if (_node is not null)
        {
            _node.Changed -= OnNodeChanged;
            await _node.DisposeAsync();
        }

        await _signaling.Broker.EmitInputAsync(new SignalIn.Disconnect()).AsTask().WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _network.DisposeAsync();
        await _signaling.DisposeAsync();
    }

    private void OnSignal(SignalOut message)
    {
        switch (message)
        {
            case SignalOut.Connected:
                _view.SetSignaling(_index, nameof(SignalingState.Connected), log: false);
                break;
            case SignalOut.Announced:
                _view.SetSignaling(_index, nameof(SignalingState.Announced), log: false);
                _view.Log(_index, $"announced as {Local.Identity.Id} at {_server}");
                _announced.TrySetResult();
                break;
            case SignalOut.Disconnected d:
                _view.SetSignaling(_index, d.WillReconnect ? "Reconnecting" : nameof(SignalingState.Disconnected));
                break;
            case SignalOut.Error { Code: SignalErrorCode.NotAnnounced } when !_announced.Task.IsCompleted:
                // A node-list request raced the announce; the modules ask again.
                break;
            case SignalOut.Error error:
                if (SignalSession.IsFatal(error.Code))
                {
                    _announced.TrySetException(new CliException(ExitCodes.Unreachable, $"the signal server at {_server} refused this node: {error.Code}: {error.Detail}"));
                }

                _view.Log(_index, $"signal server error {error.Code}: {error.Detail}");
                break;
        }
    }
}
