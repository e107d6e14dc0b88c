using Fledger.Broker;
using Fledger.Core.Identity;
using Fledger.Net.Framing;
using Fledger.Net.Signaling;
using Fledger.Net.WebRtc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fledger.Net.Network;

/// <summary>
/// The body of the network broker: sends node messages to a <see cref="NodeId"/> (connecting on demand, queueing until
/// the connection opens, framing and chunking), reassembles what arrives, and reports connections, node lists and the
/// signaling state. It drives the WebRTC and signaling brokers below it; <see cref="NetworkStack"/> wires the three.
/// </summary>
/// <remarks>
/// The sender id of a received message is the id of the connection it came on, which the signaling server
/// authenticated (the relay sets <c>from</c>); a frame cannot claim another sender.
/// </remarks>
public sealed partial class NetworkHandler : IHandler<NetworkIn, NetworkOut>, IAsyncDisposable
{
    private readonly Dictionary<NodeId, NetworkPeer> _peers = [];
    private readonly Broker<NetworkIn, NetworkOut> _network;
    private readonly Broker<WebRtcIn, WebRtcOut> _webRtc;
    private readonly Broker<SignalIn, SignalOut> _signal;
    private readonly NodeId _self;
    private readonly NetworkOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ITimer _housekeeping;
    private readonly ReassemblyBudget _budget;
    private StatsRequest? _statsRequest;
    private uint _nextMessageId;
    private long _messagesSent;
    private long _messagesReceived;
    private long _framesSent;
    private long _framesReceived;
    private long _malformedFrames;
    private long _sendFailures;
    private long _garbageDisconnects;
    private long _reassemblyExpired;

    /// <summary>
    /// Creates the handler of node <paramref name="self"/>. It emits on <paramref name="network"/> (and queues its
    /// timer events there), and sends to <paramref name="webRtc"/> and <paramref name="signal"/>. Add it with
    /// <c>network.AddHandler</c>; <see cref="NetworkStack.Create"/> does all the wiring.
    /// </summary>
    public NetworkHandler(
        NodeId self,
        Broker<NetworkIn, NetworkOut> network,
        Broker<WebRtcIn, WebRtcOut> webRtc,
        Broker<SignalIn, SignalOut> signal,
        NetworkOptions? options = null,
        TimeProvider? time = null,
        ILogger<NetworkHandler>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(webRtc);
        ArgumentNullException.ThrowIfNull(signal);
        _options = options ?? NetworkOptions.Default;
        _options.Validate();
        _self = self;
        _network = network;
        _webRtc = webRtc;
        _signal = signal;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _budget = new ReassemblyBudget(_options.MaxReassemblyBytes);
        using (ExecutionContext.SuppressFlow())
        {
            _housekeeping = _time.CreateTimer(
                static state => ((NetworkHandler)state!)._network.EnqueueInput(new Housekeeping()),
                this,
                _options.HousekeepingInterval,
                _options.HousekeepingInterval);
        }
    }

    /// <summary>
    /// The WebRTC handler whose send queue this handler keeps its window on (set by <see cref="NetworkStack"/>);
    /// without it, messages are handed over as soon as the connection is open.
    /// </summary>
    internal WebRtcHandler? FlowControl { get; set; }

    /// <summary>A snapshot of the counters.</summary>
    public NetworkCounters Counters => new(
        Interlocked.Read(ref _messagesSent),
        Interlocked.Read(ref _messagesReceived),
        Interlocked.Read(ref _framesSent),
        Interlocked.Read(ref _framesReceived),
        Interlocked.Read(ref _malformedFrames),
        Interlocked.Read(ref _reassemblyExpired),
        Interlocked.Read(ref _sendFailures),
        Interlocked.Read(ref _garbageDisconnects));

    /// <inheritdoc />
    public async ValueTask HandleAsync(NetworkIn message, IBrokerOutput<NetworkOut> output, CancellationToken cancellationToken)
    {
        switch (message)
        {
            case NetworkIn.SendMessage send:
                await SendAsync(send.To, send.Message, output);
                break;
            case NetworkIn.Connect connect when connect.Peer != _self:
                if (!_peers.ContainsKey(connect.Peer))
                {
                    _peers.Add(connect.Peer, NewPeer());
                    await _webRtc.EmitInputAsync(new WebRtcIn.Connect(connect.Peer));
                }

                break;
            case NetworkIn.Disconnect disconnect:
                await _webRtc.EmitInputAsync(new WebRtcIn.Disconnect(disconnect.Peer));
                break;
            case NetworkIn.RequestNodeList:
                await _signal.EmitInputAsync(new SignalIn.ListNodes(_options.NodeListSize));
                break;
            case NetworkIn.RequestStats:
                await RequestStatsAsync(output);
                break;
            case FromWebRtc fromWebRtc:
                await OnWebRtcAsync(fromWebRtc.Event, output);
                break;
            case FromSignal fromSignal:
                OnSignal(fromSignal.Event, output);
                break;
            case Housekeeping:
                await OnHousekeepingAsync(output);
                break;
            case SendWindowOpened opened when _peers.TryGetValue(opened.Peer, out var opening):
                await FlushAsync(opened.Peer, opening);
                break;
        }
    }

    /// <summary>Stops the housekeeping timer.</summary>
    public ValueTask DisposeAsync() => _housekeeping.DisposeAsync();

    private NetworkPeer NewPeer() => new(new FrameAssembler(_options.Reassembly, _time, _budget), _time.GetTimestamp());

    private async ValueTask SendAsync(NodeId to, NodeMessage message, IBrokerOutput<NetworkOut> output)
    {
        if (to == _self)
        {
            Fail(to, message.Module, "cannot send to self", output);
            return;
        }

        if (!FrameCodec.IsValidModuleName(message.Module))
        {
            Fail(to, message.Module, "invalid module name", output);
            return;
        }

        if (FrameCodec.BodyLength(message) > _options.Reassembly.MaxMessageSize)
        {
            Fail(to, message.Module, "message too large", output);
            return;
        }

        if (!_peers.TryGetValue(to, out var peer))
        {
            peer = NewPeer();
            _peers.Add(to, peer);
            await _webRtc.EmitInputAsync(new WebRtcIn.Connect(to));
        }

        if (peer.IsConnected && peer.Pending.Count == 0 && WindowAllows(to, peer, message))
        {
            await SendFramesAsync(to, peer, message);
            return;
        }

        if (peer.Pending.Count >= _options.MaxPendingMessages || peer.PendingBytes + message.Payload.Length > _options.MaxPendingBytes)
        {
            Fail(to, message.Module, "send queue full", output);
            return;
        }

        peer.Pending.Enqueue((message, _time.GetTimestamp()));
        peer.PendingBytes += message.Payload.Length;
        if (peer.IsConnected)
        {
            await FlushAsync(to, peer);
        }
    }

    /// <summary>Hands waiting messages to the connection, in order, while the send window allows.</summary>
    private async ValueTask FlushAsync(NodeId to, NetworkPeer peer)
    {
        while (peer.IsConnected && peer.Pending.TryPeek(out var pending))
        {
            if (!WindowAllows(to, peer, pending.Message))
            {
                // Ask to be woken when the queue drains, then look again: it may have drained meanwhile.
                FlowControl?.RequestDrainNotice(to, _options.SendWindowFrames / 2, _options.SendWindowBytes / 2);
                if (!WindowAllows(to, peer, pending.Message))
                {
                    return;
                }
            }

            peer.Pending.Dequeue();
            peer.PendingBytes -= pending.Message.Payload.Length;
            await SendFramesAsync(to, peer, pending.Message);
        }
    }

    private bool WindowAllows(NodeId to, NetworkPeer peer, NodeMessage message)
    {
        if (FlowControl is not { } flow)
        {
            return true;
        }

        var (sentFrames, sentBytes) = flow.GetSent(to);
        var inFlightFrames = Math.Max(0, peer.HandedFrames - sentFrames);
        var inFlightBytes = Math.Max(0, peer.HandedBytes - sentBytes);
        return inFlightFrames == 0
            || (inFlightFrames + FrameCodec.FrameCount(message, _options.MaxFrameSize) <= _options.SendWindowFrames
                && inFlightBytes + FrameCodec.BodyLength(message) <= _options.SendWindowBytes);
    }

    private async ValueTask SendFramesAsync(NodeId to, NetworkPeer peer, NodeMessage message)
    {
        var frames = FrameCodec.Encode(message, unchecked(_nextMessageId++), _options.MaxFrameSize);
        foreach (var frame in frames)
        {
            peer.HandedFrames++;
            peer.HandedBytes += frame.Length;
            await _webRtc.EmitInputAsync(new WebRtcIn.Send(to, frame));
        }

        Interlocked.Increment(ref _messagesSent);
        Interlocked.Add(ref _framesSent, frames.Count);
    }

    private void Fail(NodeId to, string module, string reason, IBrokerOutput<NetworkOut> output)
    {
        Interlocked.Increment(ref _sendFailures);
        Log.SendFailed(_logger, to, module, reason);
        output.Emit(new NetworkOut.SendFailed(to, module, reason));
    }

    private async ValueTask RequestStatsAsync(IBrokerOutput<NetworkOut> output)
    {
        var peers = _peers.Keys.ToArray();
        if (peers.Length == 0)
        {
            output.Emit(new NetworkOut.Stats(new Dictionary<NodeId, ConnectionStats>()));
            return;
        }

        _statsRequest ??= new StatsRequest(_time.GetTimestamp());
        foreach (var peer in peers)
        {
            _statsRequest.Expected.Add(peer);
            await _webRtc.EmitInputAsync(new WebRtcIn.RequestStatus(peer));
        }
    }

    private void OnSignal(SignalOut signal, IBrokerOutput<NetworkOut> output)
    {
        switch (signal)
        {
            case SignalOut.Announced:
                output.Emit(new NetworkOut.SignalingChanged(true));
                break;
            case SignalOut.Disconnected:
                output.Emit(new NetworkOut.SignalingChanged(false));
                break;
            case SignalOut.NodeList list:
                output.Emit(new NetworkOut.NodeList([.. list.Nodes.Where(n => n.Id != _self)]));
                break;
            case SignalOut.NodeJoined joined when joined.Node.Id != _self:
                output.Emit(new NetworkOut.NodeList([joined.Node]));
                break;
        }
    }

    private async ValueTask OnHousekeepingAsync(IBrokerOutput<NetworkOut> output)
    {
        List<NodeId>? abandoned = null;
        var giveUp = _options.SendTimeout > _options.WebRtc.ConnectTimeout ? _options.SendTimeout : _options.WebRtc.ConnectTimeout;
        foreach (var (id, peer) in _peers)
        {
            var expiredBefore = peer.Assembler.ExpiredCount;
            peer.Assembler.PurgeExpired();
            Interlocked.Add(ref _reassemblyExpired, peer.Assembler.ExpiredCount - expiredBefore);
            while (peer.Pending.TryPeek(out var pending) && _time.GetElapsedTime(pending.Queued) > _options.SendTimeout)
            {
                peer.Pending.Dequeue();
                peer.PendingBytes -= pending.Message.Payload.Length;
                Fail(id, pending.Message.Module, "timeout", output);
            }

            // A connection that never opened and was never reported closed (refused below, for example) is forgotten.
            if (!peer.IsConnected && peer.Pending.Count == 0 && _time.GetElapsedTime(peer.Created) > giveUp)
            {
                (abandoned ??= []).Add(id);
            }
        }

        foreach (var (id, peer) in _peers)
        {
            if (peer.IsConnected && peer.Pending.Count > 0)
            {
                await FlushAsync(id, peer);
            }
        }

        foreach (var id in abandoned ?? [])
        {
            _peers.Remove(id, out var peer);
            peer?.Assembler.Clear();
            await _webRtc.EmitInputAsync(new WebRtcIn.Disconnect(id));
        }

        if (_statsRequest is { } request && _time.GetElapsedTime(request.Started) > _options.StatsTimeout)
        {
            _statsRequest = null;
            output.Emit(new NetworkOut.Stats(request.Received));
        }
    }

    private sealed class StatsRequest(long started)
    {
        public long Started { get; } = started;

        public HashSet<NodeId> Expected { get; } = [];

        public Dictionary<NodeId, ConnectionStats> Received { get; } = [];
    }
}
