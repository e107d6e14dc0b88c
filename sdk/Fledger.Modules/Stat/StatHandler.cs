using Fledger.Broker;
using Fledger.Core.Identity;
using Fledger.Net.WebRtc;

namespace Fledger.Modules.Stat;

/// <summary>
/// The stat module's state: one <see cref="PeerStat"/> per connected peer, merged from the network's
/// <see cref="ConnectionStats"/> and the ping module's RTTs, so the RTT is filled even where the transport
/// does not measure it.
/// </summary>
public sealed class StatHandler : IHandler<StatIn, StatOut>
{
    private readonly Dictionary<NodeId, PeerStat> _peers = [];
    private readonly StatOptions _options;
    private readonly TimeProvider _time;
    private DateTimeOffset _nextRequest = DateTimeOffset.MinValue;

    /// <summary>Creates the handler.</summary>
    public StatHandler(StatOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _options = options;
        _time = time;
    }

    /// <inheritdoc />
    public ValueTask HandleAsync(StatIn message, IBrokerOutput<StatOut> output, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var changed = false;
        switch (message)
        {
            case StatIn.Tick tick:
                if (tick.Now >= _nextRequest)
                {
                    _nextRequest = tick.Now + _options.Interval;
                    output.Emit(new StatOut.RequestStats());
                }

                break;
            case StatIn.PeerConnected connected:
                changed = _peers.TryAdd(connected.Peer, new PeerStat(connected.Peer, ConnectionStats.None, null, now, now));
                break;
            case StatIn.PeerDisconnected disconnected:
                changed = _peers.Remove(disconnected.Peer);
                break;
            case StatIn.RoundTrip roundTrip:
                if (_peers.TryGetValue(roundTrip.Peer, out var pinged))
                {
                    _peers[roundTrip.Peer] = pinged with { PingRtt = roundTrip.Rtt, Updated = now };
                    changed = true;
                }

                break;
            case StatIn.NetworkStats stats:
                foreach (var (peer, connection) in stats.Connections)
                {
                    _peers[peer] = _peers.TryGetValue(peer, out var known)
                        ? known with { Connection = connection, Updated = now }
                        : new PeerStat(peer, connection, null, now, now);
                }

                foreach (var peer in _peers.Keys)
                {
                    if (!stats.Connections.ContainsKey(peer))
                    {
                        _peers.Remove(peer);
                    }
                }

                changed = true;
                break;
        }

        if (changed)
        {
            output.Emit(new StatOut.State(new Dictionary<NodeId, PeerStat>(_peers)));
        }

        return ValueTask.CompletedTask;
    }
}
