using System.Collections.Concurrent;
using Fledger.Broker;
using Fledger.Core.Identity;
using Fledger.Net.Signaling;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fledger.Net.WebRtc;

/// <summary>
/// The platform-neutral body of the WebRTC broker: one state machine per remote node over an
/// <see cref="IWebRtcPeerFactory"/> (offer/answer, trickled candidates, glare, connect timeout, queued sends with
/// back-pressure). Platform peers report from any thread; their events are queued into the broker as inputs, so
/// all state changes happen on the broker's one processing flow.
/// </summary>
/// <remarks>
/// <para>Offer/answer follows RFC 8829 (JSEP) section 5.2 and 5.3; candidates are trickled as in RFC 8838 and queued
/// until the remote description is set (section 5.2 of RFC 8838 leaves the queueing to the application).</para>
/// <para>Glare (both sides offer at once): the side with the smaller <see cref="NodeId"/> keeps its offer and ignores
/// the crossing one; the other side drops its own offer and answers, so exactly one connection results.</para>
/// <para>A <see cref="WebRtcIn.Send"/> to a node without a connection opens one (this side offers).</para>
/// </remarks>
public sealed partial class WebRtcHandler : IHandler<WebRtcIn, WebRtcOut>, IAsyncDisposable
{
    private static long s_generation;

    private readonly ConcurrentDictionary<NodeId, WebRtcConnection> _connections = new();
    private readonly Broker<WebRtcIn, WebRtcOut> _broker;
    private readonly NodeId _self;
    private readonly IWebRtcPeerFactory _factory;
    private readonly WebRtcOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private int _connectionCount;
    private int _disposed;

    private WebRtcHandler(
        Broker<WebRtcIn, WebRtcOut> broker, NodeId self, IWebRtcPeerFactory factory, WebRtcOptions options, TimeProvider time, ILogger logger)
    {
        _broker = broker;
        _self = self;
        _factory = factory;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>Connections that exist (open or opening).</summary>
    public int ConnectionCount => Volatile.Read(ref _connectionCount);

    /// <summary>Raised on the send pump's thread when a drain asked for with <see cref="RequestDrainNotice"/> happened.</summary>
    internal event Action<NodeId>? SendQueueDrained;

    /// <summary>Frames and bytes the current connection to <paramref name="peer"/> has sent (thread-safe).</summary>
    internal (long Frames, long Bytes) GetSent(NodeId peer)
        => _connections.TryGetValue(peer, out var connection) ? (connection.SentCount, connection.SentBytes) : (0, 0);

    /// <summary>Asks for one <see cref="SendQueueDrained"/> once the queue to <paramref name="peer"/> is at or below the marks.</summary>
    internal void RequestDrainNotice(NodeId peer, int lowCount, long lowBytes)
    {
        if (_connections.TryGetValue(peer, out var connection))
        {
            connection.RequestDrainNotice(lowCount, lowBytes);
        }
    }

    /// <summary>
    /// Creates a handler for node <paramref name="self"/> and adds it to <paramref name="broker"/>, whose inputs also
    /// carry the platform events. Dispose the handler (after the broker stopped) to close every peer.
    /// </summary>
    public static WebRtcHandler Attach(
        Broker<WebRtcIn, WebRtcOut> broker,
        NodeId self,
        IWebRtcPeerFactory factory,
        WebRtcOptions? options = null,
        TimeProvider? time = null,
        ILogger<WebRtcHandler>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(broker);
        ArgumentNullException.ThrowIfNull(factory);
        options ??= WebRtcOptions.Default;
        options.Validate();
        var handler = new WebRtcHandler(broker, self, factory, options, time ?? TimeProvider.System, logger ?? (ILogger)NullLogger.Instance);
        broker.AddHandler(handler);
        return handler;
    }

    /// <inheritdoc />
    public async ValueTask HandleAsync(WebRtcIn message, IBrokerOutput<WebRtcOut> output, CancellationToken cancellationToken)
    {
        switch (message)
        {
            case WebRtcIn.Connect connect:
                await ConnectAsync(connect.Peer, output, cancellationToken);
                break;
            case WebRtcIn.Disconnect disconnect:
                if (_connections.TryGetValue(disconnect.Peer, out var closing))
                {
                    await CloseAsync(closing, "closed locally", output);
                }

                break;
            case WebRtcIn.Send send:
                await SendAsync(send, output, cancellationToken);
                break;
            case WebRtcIn.RequestStatus status:
                await ReportStatusAsync(status.Peer, output, cancellationToken);
                break;
            case WebRtcIn.SetupReceived setup:
                await OnSetupAsync(setup.Peer, setup.Setup, output, cancellationToken);
                break;
            case PeerEvent peerEvent:
                await OnPeerEventAsync(peerEvent, output);
                break;
        }
    }

    /// <summary>
    /// Closes every peer connection. A handler step still in flight (the broker does not wait for it) creates no new
    /// peer after this, and one it created meanwhile is closed too.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        Interlocked.Exchange(ref _disposed, 1);
        var connections = _connections.Values.ToArray();
        _connections.Clear();
        Volatile.Write(ref _connectionCount, 0);
        foreach (var connection in connections)
        {
            await ReleaseAsync(connection);
        }
    }

    private async ValueTask ConnectAsync(NodeId remote, IBrokerOutput<WebRtcOut> output, CancellationToken cancellationToken)
    {
        if (_connections.ContainsKey(remote))
        {
            return;
        }

        if (remote == _self)
        {
            output.Emit(new WebRtcOut.Error(remote, "cannot connect to self"));
            return;
        }

        var connection = TryCreate(remote, WebRtcRole.Offerer, output);
        if (connection is null)
        {
            return;
        }

        string sdp;
        try
        {
            using var timeout = OperationToken(cancellationToken);
            sdp = await connection.Peer.CreateOfferAsync(timeout.Token);
        }
        catch (Exception exception)
        {
            Log.OperationFailed(_logger, exception, remote, "create offer");
            await CloseAsync(connection, "offer failed", output);
            return;
        }

        SendLocalDescription(connection, new PeerSetup.Offer(sdp), output);
    }

    private WebRtcConnection? TryCreate(NodeId remote, WebRtcRole role, IBrokerOutput<WebRtcOut> output)
    {
        if (_connections.Count >= _options.MaxConnections)
        {
            output.Emit(new WebRtcOut.Error(remote, "too many connections"));
            return null;
        }

        if (Volatile.Read(ref _disposed) != 0)
        {
            return null;
        }

        var generation = Interlocked.Increment(ref s_generation);
        var peer = _factory.Create(remote, new PeerEventSink(_broker, remote, generation));
        var connection = new WebRtcConnection(remote, role, generation, peer);
        _connections.TryAdd(remote, connection);
        Volatile.Write(ref _connectionCount, _connections.Count);
        if (ReleaseIfDisposed(connection))
        {
            return null;
        }

        StartConnectTimer(connection);
        Log.Created(_logger, remote, role.ToString());
        return connection;
    }

    private void StartConnectTimer(WebRtcConnection connection)
    {
        connection.ConnectTimer?.Dispose();
        var remote = connection.Remote;
        var generation = connection.Generation;
        using (ExecutionContext.SuppressFlow())
        {
            connection.ConnectTimer = _time.CreateTimer(
                _ => _broker.EnqueueInput(new ConnectTimedOut(remote, generation)), null, _options.ConnectTimeout, Timeout.InfiniteTimeSpan);
        }
    }

    private void SendLocalDescription(WebRtcConnection connection, PeerSetup description, IBrokerOutput<WebRtcOut> output)
    {
        output.Emit(new WebRtcOut.SetupToSend(connection.Remote, description));
        connection.LocalDescriptionSent = true;
        foreach (var candidate in connection.PendingLocalCandidates)
        {
            output.Emit(new WebRtcOut.SetupToSend(connection.Remote, candidate));
        }

        connection.PendingLocalCandidates.Clear();
    }

    private async ValueTask SendAsync(WebRtcIn.Send send, IBrokerOutput<WebRtcOut> output, CancellationToken cancellationToken)
    {
        if (!_connections.TryGetValue(send.Peer, out var connection))
        {
            await ConnectAsync(send.Peer, output, cancellationToken);
            if (!_connections.TryGetValue(send.Peer, out connection))
            {
                return;
            }
        }

        if (send.Data.Length > connection.Peer.MaxMessageSize)
        {
            output.Emit(new WebRtcOut.Error(send.Peer, "message too large"));
            return;
        }

        if (connection.QueuedCount >= _options.MaxQueuedMessages || connection.QueuedBytes + send.Data.Length > _options.MaxQueuedBytes)
        {
            Log.QueueFull(_logger, send.Peer);
            output.Emit(new WebRtcOut.Error(send.Peer, "send queue full"));
            return;
        }

        connection.CountQueued(send.Data.Length);
        connection.Outbox.Writer.TryWrite(send.Data);
    }

    private async ValueTask ReportStatusAsync(NodeId remote, IBrokerOutput<WebRtcOut> output, CancellationToken cancellationToken)
    {
        var stats = ConnectionStats.None;
        if (_connections.TryGetValue(remote, out var connection))
        {
            try
            {
                using var timeout = OperationToken(cancellationToken);
                stats = await connection.Peer.GetStatsAsync(timeout.Token);
            }
            catch (Exception exception)
            {
                Log.OperationFailed(_logger, exception, remote, "get stats");
            }
        }

        output.Emit(new WebRtcOut.Status(remote, stats));
    }

    private OperationScope OperationToken(CancellationToken cancellationToken)
    {
        using (ExecutionContext.SuppressFlow())
        {
            return new OperationScope(_options.OperationTimeout, _time, cancellationToken);
        }
    }

    private async ValueTask CloseAsync(WebRtcConnection connection, string reason, IBrokerOutput<WebRtcOut> output)
    {
        if (_connections.TryGetValue(connection.Remote, out var current) && current == connection)
        {
            _connections.TryRemove(connection.Remote, out _);
            Volatile.Write(ref _connectionCount, _connections.Count);
        }

        Log.Closed(_logger, connection.Remote, reason);
        await ReleaseAsync(connection);
        output.Emit(new WebRtcOut.Disconnected(connection.Remote, reason));
    }

    /// <summary>Closes <paramref name="connection"/> when the handler was disposed while it was being created or reset.</summary>
    private bool ReleaseIfDisposed(WebRtcConnection connection)
    {
        if (Volatile.Read(ref _disposed) == 0)
        {
            return false;
        }

        _connections.TryRemove(new KeyValuePair<NodeId, WebRtcConnection>(connection.Remote, connection));
        _ = ReleaseAsync(connection).AsTask();
        return true;
    }

    private async ValueTask ReleaseAsync(WebRtcConnection connection)
    {
        connection.ConnectTimer?.Dispose();
        connection.Outbox.Writer.TryComplete();
        await connection.Closing.CancelAsync();
        await DisposePeerAsync(connection.Peer, connection.Remote);
    }

    private async ValueTask DisposePeerAsync(IWebRtcPeer peer, NodeId remote)
    {
        try
        {
            await peer.DisposeAsync();
        }
        catch (Exception exception)
        {
            Log.OperationFailed(_logger, exception, remote, "dispose");
        }
    }
}
