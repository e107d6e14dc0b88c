using Fledger.Core.Identity;
using Fledger.Core.Storage;
using Fledger.Modules;
using Fledger.Net.Browser;
using Fledger.Net.Browser.Storage;
using Fledger.Net.Network;
using Fledger.Net.Signaling;
using Fledger.Node;
using Microsoft.Extensions.Logging;

namespace Fledger.WebNode.Services;

/// <summary>
/// Runs this tab's <see cref="FledgerNode"/>, wired as the CLI wires its node: the identity from localStorage (the
/// tab's slot of the profile), the signaling client, the network stack over the browser's RTCPeerConnection and all
/// modules. One per app; <see cref="StartAsync"/> runs once.
/// </summary>
public sealed partial class WebNodeHost : IAsyncDisposable
{
    /// <summary>How many tabs of one profile get their own stored identity.</summary>
    public const int MaxSlots = 8;

    private static readonly TimeSpan SlotWait = TimeSpan.FromSeconds(2);
    private static readonly IReadOnlyList<string> Modules = [ModuleNames.RandomConnections, ModuleNames.Gossip, ModuleNames.Ping, ModuleNames.Stat];

    private readonly BrowserStorage _storage;
    private readonly BrowserWebRtc _webRtc;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger<WebNodeHost> _logger;
    private readonly List<IDisposable> _subscriptions = [];
    private Task? _start;
    private SignalingBroker? _signaling;
    private NetworkStack? _network;

    /// <summary>Creates the host; nothing runs until <see cref="StartAsync"/>.</summary>
    public WebNodeHost(BrowserStorage storage, BrowserWebRtc webRtc, TimeProvider time, ILoggerFactory loggers)
    {
        _storage = storage;
        _webRtc = webRtc;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger<WebNodeHost>();
    }

    /// <summary>Raised when the node's view or the signaling state changed (on any thread: marshal to the UI).</summary>
    public event EventHandler? Changed;

    /// <summary>The running node, once started.</summary>
    public FledgerNode? Node { get; private set; }

    /// <summary>The settings the node started with.</summary>
    public WebNodeSettings? Settings { get; private set; }

    /// <summary>The tab's identity slot in its profile (-1: all taken, the node runs on a throw-away identity).</summary>
    public int Slot { get; private set; }

    /// <summary>The store the node's identity and events live in.</summary>
    public IKeyValueStore? Store { get; private set; }

    /// <summary>Signaling state: starting, connecting, connected, announced, reconnecting, disconnected or failed.</summary>
    public string SignalState { get; private set; } = "starting";

    /// <summary>The last signaling error or failure, if any.</summary>
    public string? SignalDetail { get; private set; }

    /// <summary>Starts the node once (later calls return the same task).</summary>
    public Task StartAsync(WebNodeSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return _start ??= StartCoreAsync(settings, cancellationToken);
    }

    /// <summary>Stores a new name; it is announced when the node starts again (the page reloads).</summary>
    /// <exception cref="ArgumentException">The name is empty, longer than 64 UTF-8 bytes or has control characters.</exception>
    public async Task StoreNameAsync(string name, CancellationToken cancellationToken)
    {
        var store = Store ?? throw new InvalidOperationException("The node is not started.");
        var options = new NodeOptions { Name = name };
        if (options.Validate() is { Count: > 0 } errors)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(name));
        }

        await NodeIdentityStore.ResolveNameAsync(store, name, Node!.Id, cancellationToken);
    }

    /// <summary>Leaves the signal server and stops the node and its network.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }

        if (Node is not null)
        {
            Node.Changed -= OnNodeChanged;
            await Node.DisposeAsync();
        }

        if (_signaling is not null)
        {
            await _signaling.Broker.EmitInputAsync(new SignalIn.Disconnect()).AsTask().WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        if (_network is not null)
        {
            await _network.DisposeAsync();
        }

        if (_signaling is not null)
        {
            await _signaling.DisposeAsync();
        }
    }

    private async Task StartCoreAsync(WebNodeSettings settings, CancellationToken cancellationToken)
    {
        Settings = settings;
        try
        {
            var slot = await _storage.ClaimSlotAsync(settings.Profile, MaxSlots, SlotWait, cancellationToken);
            Slot = slot.Slot;
            Store = slot.Slot < 0 ? new InMemoryKeyValueStore() : _storage.OpenStore($"{settings.Profile}/{slot.Slot}/");
            var identity = await NodeIdentityStore.LoadOrCreateAsync(Store, null, cancellationToken);
            var name = await NodeIdentityStore.ResolveNameAsync(Store, null, identity.Id, cancellationToken);
            var info = identity.CreateNodeInfo(name, ClientKind.Browser, Modules);
            var client = new SignalingClient(identity, info, new SignalingClientOptions { ServerUri = settings.SignalUri }, _loggers.CreateLogger<SignalingClient>(), _time);
            _signaling = new SignalingBroker(client);
            var factory = new BrowserWebRtcPeerFactory(_webRtc, settings.PeerConnection, _loggers.CreateLogger<BrowserWebRtcPeer>());
            _network = NetworkStack.Create(identity.Id, _signaling.Broker, factory, NetworkOptions.Default, _time, _loggers);
            _subscriptions.Add(_signaling.Broker.SubscribeOutputs(OnSignalAsync));
            var options = new NodeOptions { Name = name, Kind = ClientKind.Browser };
            Node = await FledgerNode.CreateAsync(options, Store, _network.Network, _time, _loggers, cancellationToken: cancellationToken);
            Node.Changed += OnNodeChanged;
            await Node.StartAsync(cancellationToken);
            SetSignal("connecting", null);
            await _signaling.Broker.EmitInputAsync(new SignalIn.Connect());
            Log.Started(_logger, identity.Id.ToShortString(), Slot, settings.SignalUri.ToString());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.StartFailed(_logger, e);
            SetSignal("failed", e.Message);
            throw;
        }
    }

    private async ValueTask OnSignalAsync(SignalOut message)
    {
        switch (message)
        {
            case SignalOut.Connected:
                SetSignal("connected", null);
                break;
            case SignalOut.Announced:
                SetSignal("announced", null);
                if (_network is not null)
                {
                    await _network.Network.EmitInputAsync(new NetworkIn.RequestNodeList());
                }

                break;
            case SignalOut.Disconnected d:
                SetSignal(d.WillReconnect ? "reconnecting" : "disconnected", d.Reason);
                break;
            case SignalOut.Error { Code: SignalErrorCode.NotAnnounced }:
                // A node-list request raced the announce; the modules ask again.
                break;
            case SignalOut.Error error:
                Log.SignalError(_logger, error.Code.ToString(), error.Detail);
                SignalDetail = $"{error.Code}: {error.Detail}";
                Changed?.Invoke(this, EventArgs.Empty);
                break;
        }
    }

    private void SetSignal(string state, string? detail)
    {
        SignalState = state;
        SignalDetail = detail;
        Changed?.Invoke(this, EventArgs.Empty);
    }

    private void OnNodeChanged(object? sender, NodeChangedEventArgs e) => Changed?.Invoke(this, EventArgs.Empty);
}
