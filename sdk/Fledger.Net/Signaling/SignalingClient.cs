using System.Threading.Channels;
using Fledger.Core.Identity;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Logging;

namespace Fledger.Net.Signaling;

/// <summary>
/// Connects a node to the signaling server: answers the server's challenge with a signed announce,
/// lists nodes, relays peer setups, and reconnects with backoff (re-announcing) until disconnected.
/// Everything the server says arrives on <see cref="Outputs"/> as <see cref="SignalOut"/> messages.
/// Async only, no threads or blocking waits: runs natively and in Blazor WebAssembly.
/// </summary>
/// <remarks>Protocol: <c>docs/signaling.md</c>.</remarks>
public sealed partial class SignalingClient : IAsyncDisposable
{
    /// <summary>Largest NodeList the client accepts from a server.</summary>
    public const int MaxListedNodes = 10_000;

    private const int MaxInboundPeerSetupBytes = 1024 * 1024;

    private readonly NodeIdentity _identity;
    private readonly SignalingClientOptions _options;
    private readonly Uri _serverUri;
    private readonly ILogger<SignalingClient> _logger;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly Channel<SignalOut> _outputs;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _lifetime = new();
    private readonly HubConnection _connection;
    private NodeInfo _info;
    private byte[]? _nonce;
    private volatile bool _announcePending;
    private volatile bool _wantConnected;
    private volatile bool _replaced;
    private volatile SignalingState _state;
    private int _reconnects;
    private int _reconnectLoopRunning;
    private bool _disposed;

    /// <summary>Creates a client for the node <paramref name="identity"/> announcing <paramref name="info"/>.</summary>
    /// <param name="identity">The node's key pair (signs challenges).</param>
    /// <param name="info">What to announce; must carry <paramref name="identity"/>'s public key.</param>
    /// <param name="options">Server URL and reconnect settings.</param>
    /// <param name="logger">Logger.</param>
    /// <param name="time">Clock for reconnect delays (default: system).</param>
    /// <param name="random">Jitter source for reconnect delays (default: shared).</param>
    public SignalingClient(
        NodeIdentity identity,
        NodeInfo info,
        SignalingClientOptions options,
        ILogger<SignalingClient> logger,
        TimeProvider? time = null,
        Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(options);
        EnsureOwnInfo(identity, info);
        _serverUri = options.ServerUri ?? throw new ArgumentException("ServerUri is required.", nameof(options));
        _identity = identity;
        _info = info;
        _options = options;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _random = random ?? Random.Shared;
        _outputs = Channel.CreateBounded<SignalOut>(new BoundedChannelOptions(Math.Max(1, options.OutputCapacity))
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _connection = BuildConnection();
    }

    /// <summary>Everything the server sends, plus connection state changes, in order.</summary>
    public ChannelReader<SignalOut> Outputs => _outputs.Reader;

    /// <summary>Current connection state.</summary>
    public SignalingState State => _state;

    /// <summary>This node's id.</summary>
    public NodeId Id => _identity.Id;

    /// <summary>A snapshot of the client's state.</summary>
    public SignalingStatus Status => new(_state, _identity.Id, _serverUri, Volatile.Read(ref _reconnects));

    /// <summary>Handles one input message (the broker entry point).</summary>
    public async Task HandleAsync(SignalIn message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        switch (message)
        {
            case SignalIn.Connect:
                await ConnectAsync(cancellationToken);
                break;
            case SignalIn.Disconnect:
                await DisconnectAsync(cancellationToken);
                break;
            case SignalIn.Announce a:
                await AnnounceAsync(a.Info, cancellationToken);
                break;
            case SignalIn.ListNodes l:
                await ListNodesAsync(l.Max, cancellationToken);
                break;
            case SignalIn.Relay r:
                await RelayAsync(r.To, r.Setup, cancellationToken);
                break;
            case SignalIn.RequestStatus:
                await EmitAsync(new SignalOut.Status(Status));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(message), message, "Unknown SignalIn case.");
        }
    }

    /// <summary>
    /// Connects and announces; keeps reconnecting (with backoff) after failures until <see cref="DisconnectAsync"/>.
    /// Does not throw on network errors: they show up as <see cref="SignalOut.Disconnected"/>.
    /// </summary>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_wantConnected)
        {
            return;
        }

        _wantConnected = true;
        _replaced = false;
        if (!await TryStartAsync(cancellationToken))
        {
            StartReconnectLoop();
        }
    }

    /// <summary>Closes the connection and stops reconnecting.</summary>
    public async Task DisconnectAsync(CancellationToken cancellationToken = default)
    {
        var wasWanted = _wantConnected;
        _wantConnected = false;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_connection.State != HubConnectionState.Disconnected)
            {
                await _connection.StopAsync(cancellationToken);
                return;
            }
        }
        finally
        {
            _gate.Release();
        }

        _state = SignalingState.Disconnected;
        if (wasWanted)
        {
            await EmitAsync(new SignalOut.Disconnected(null, false));
        }
    }

    /// <summary>Replaces the announced NodeInfo (same key) and announces it at once when connected.</summary>
    public async Task AnnounceAsync(NodeInfo info, CancellationToken cancellationToken = default)
    {
        EnsureOwnInfo(_identity, info);
        _info = info;
        var nonce = Interlocked.Exchange(ref _nonce, null);
        if (nonce is null || _connection.State != HubConnectionState.Connected)
        {
            _announcePending = true;
            return;
        }

        await SendAnnounceAsync(nonce, cancellationToken);
    }

    /// <summary>Asks for up to <paramref name="max"/> random other nodes (answered by <see cref="SignalOut.NodeList"/>). False when not connected.</summary>
    public Task<bool> ListNodesAsync(int max, CancellationToken cancellationToken = default)
        => SendAsync(SignalProtocol.ServerMethods.ListNodes, max, null, cancellationToken);

    /// <summary>Sends a peer setup to node <paramref name="to"/> through the server. False when not connected.</summary>
    public Task<bool> RelayAsync(NodeId to, PeerSetup setup, CancellationToken cancellationToken = default)
        => SendAsync(SignalProtocol.ServerMethods.Relay, to.ToString(), PeerSetupWire.From(setup), cancellationToken);

    /// <summary>Disconnects, releases the connection and completes <see cref="Outputs"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _wantConnected = false;
        await _lifetime.CancelAsync();
        await _connection.DisposeAsync();
        _outputs.Writer.TryComplete();
        _lifetime.Dispose();
        _gate.Dispose();
    }

    private static void EnsureOwnInfo(NodeIdentity identity, NodeInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        if (info.Id != identity.Id)
        {
            throw new ArgumentException("The NodeInfo must carry the identity's public key.", nameof(info));
        }
    }

    private HubConnection BuildConnection()
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(_serverUri, HttpTransportType.WebSockets, o =>
            {
                o.SkipNegotiation = true;
                _options.ConfigureConnection?.Invoke(o);
            })
            .Build();
        connection.On<int, byte[]>(nameof(ISignalHubClient.Challenge), OnChallengeAsync);
        connection.On<string>(nameof(ISignalHubClient.Announced), OnAnnouncedAsync);
        connection.On<byte[][]>(nameof(ISignalHubClient.NodeList), OnNodeListAsync);
        connection.On<byte[]>(nameof(ISignalHubClient.NodeJoined), OnNodeJoinedAsync);
        connection.On<string>(nameof(ISignalHubClient.NodeLeft), OnNodeLeftAsync);
        connection.On<string, PeerSetupWire>(nameof(ISignalHubClient.PeerSetup), OnPeerSetupAsync);
        connection.On<SignalErrorCode, string>(nameof(ISignalHubClient.Error), OnErrorAsync);
        connection.Closed += OnClosedAsync;
        return connection;
    }
}
