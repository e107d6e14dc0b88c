using Fledger.Broker;
using Fledger.Core.Identity;
using Microsoft.Extensions.Logging;

namespace Fledger.Modules.Ping;

/// <summary>
/// The ping module's state: pings every connected peer each <see cref="PingOptions.Interval"/>, measures the RTT
/// from the matching pong, and reports a peer that stays silent for <see cref="PingOptions.FailAfter"/> as failed.
/// </summary>
public sealed partial class PingHandler : IHandler<PingIn, PingOut>
{
    private const int MaxOutstanding = 8;
    private readonly Dictionary<NodeId, Peer> _peers = [];
    private readonly PingOptions _options;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly ILogger _logger;
    private DateTimeOffset _nextRound = DateTimeOffset.MinValue;

    /// <summary>Creates the handler.</summary>
    public PingHandler(PingOptions options, TimeProvider time, Random random, ILogger<PingHandler> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options;
        _time = time;
        _random = random;
        _logger = logger;
    }

    /// <inheritdoc />
    public ValueTask HandleAsync(PingIn message, IBrokerOutput<PingOut> output, CancellationToken cancellationToken)
    {
        switch (message)
        {
            case PingIn.Tick tick:
                OnTick(tick.Now, output);
                break;
            case PingIn.PeerConnected connected:
                if (_peers.TryAdd(connected.Peer, new Peer(_time.GetUtcNow())))
                {
                    EmitState(output);
                }

                break;
            case PingIn.PeerDisconnected disconnected:
                if (_peers.Remove(disconnected.Peer))
                {
                    EmitState(output);
                }

                break;
            case PingIn.Received received:
                OnReceived(received, output);
                break;
        }

        return ValueTask.CompletedTask;
    }

    private void OnTick(DateTimeOffset now, IBrokerOutput<PingOut> output)
    {
        var changed = false;
        foreach (var (id, peer) in _peers)
        {
            var silence = now - peer.LastHeard;
            if (silence >= _options.FailAfter)
            {
                _peers.Remove(id);
                Log.PeerFailed(_logger, id.ToShortString(), silence.TotalSeconds);
                output.Emit(new PingOut.PeerFailed(id, silence));
                changed = true;
            }
        }

        if (now >= _nextRound)
        {
            _nextRound = now + _options.Interval;
            foreach (var (id, peer) in _peers)
            {
                var nonce = (ulong)_random.NextInt64();
                if (peer.Outstanding.Count >= MaxOutstanding)
                {
                    peer.Outstanding.Clear();
                }

                peer.Outstanding[nonce] = _time.GetUtcNow();
                peer.Sent++;
                output.Emit(new PingOut.Send(id, PingWire.Encode(PingKind.Ping, nonce)));
            }

            changed = true;
        }

        if (changed)
        {
            EmitState(output);
        }
    }

    private void OnReceived(PingIn.Received received, IBrokerOutput<PingOut> output)
    {
        if (!PingWire.TryDecode(received.Payload.Span, out var kind, out var nonce, out var error))
        {
            Log.Malformed(_logger, received.From.ToShortString(), error);
            return;
        }

        var now = _time.GetUtcNow();
        _peers.TryGetValue(received.From, out var peer);
        if (peer is not null)
        {
            peer.LastHeard = now;
        }

        if (kind == PingKind.Ping)
        {
            output.Emit(new PingOut.Send(received.From, PingWire.Encode(PingKind.Pong, nonce)));
            return;
        }

        if (peer is not null && peer.Outstanding.Remove(nonce, out var sentAt))
        {
            var rtt = now - sentAt;
            peer.LastRtt = rtt;
            peer.Answered++;
            output.Emit(new PingOut.RoundTrip(received.From, rtt));
            EmitState(output);
        }
    }

    private void EmitState(IBrokerOutput<PingOut> output)
    {
        var peers = new Dictionary<NodeId, PingPeerState>(_peers.Count);
        foreach (var (id, peer) in _peers)
        {
            peers[id] = new PingPeerState(peer.LastRtt, peer.LastHeard, peer.Sent, peer.Answered);
        }

        output.Emit(new PingOut.State(peers));
    }

    private sealed class Peer(DateTimeOffset connectedAt)
    {
        public DateTimeOffset LastHeard { get; set; } = connectedAt;

        public Dictionary<ulong, DateTimeOffset> Outstanding { get; } = [];

        public TimeSpan? LastRtt { get; set; }

        public long Sent { get; set; }

        public long Answered { get; set; }
    }
}
