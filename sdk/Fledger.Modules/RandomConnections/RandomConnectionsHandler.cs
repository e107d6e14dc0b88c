using Fledger.Broker;
using Fledger.Core.Identity;
using Microsoft.Extensions.Logging;

namespace Fledger.Modules.RandomConnections;

/// <summary>
/// Keeps this node in a connected random overlay: learns nodes from node lists, dials random known nodes until the
/// target degree (<see cref="RandomConnectionsOptions.TargetDegree"/>) is reached, closes connections beyond
/// <c>target × ExcessFactor</c>, replaces failed or closed peers, and slowly churns by dropping a random peer.
/// </summary>
public sealed partial class RandomConnectionsHandler : IHandler<RandomConnectionsIn, RandomConnectionsOut>
{
    /// <summary>Failure counts stop growing here (the back-off reaches the cap long before).</summary>
    private const int MaxCountedFailures = 64;

    private readonly NodeId _self;
    private readonly RandomConnectionsOptions _options;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly ILogger _logger;
    private readonly Dictionary<NodeId, DateTimeOffset> _known = [];
    private readonly List<NodeId> _connected = [];
    private readonly Dictionary<NodeId, DateTimeOffset> _connecting = [];
    private readonly Dictionary<NodeId, DateTimeOffset> _backoff = [];
    private readonly Dictionary<NodeId, int> _failures = [];
    private readonly List<NodeId> _scratch = [];
    private DateTimeOffset _nextNodeList = DateTimeOffset.MinValue;
    private DateTimeOffset _nextChurn = DateTimeOffset.MaxValue;
    private DateTimeOffset _nextState = DateTimeOffset.MinValue;
    private DateTimeOffset _dialSecond = DateTimeOffset.MinValue;
    private int _dialsThisSecond;
    private bool _dirty;

    /// <summary>Creates the handler for node <paramref name="self"/>.</summary>
    public RandomConnectionsHandler(NodeId self, RandomConnectionsOptions options, TimeProvider time, Random random, ILogger<RandomConnectionsHandler> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(logger);
        _self = self;
        _options = options;
        _time = time;
        _random = random;
        _logger = logger;
    }

    private int Target => _options.TargetDegree(_known.Count);

    /// <inheritdoc />
    public ValueTask HandleAsync(RandomConnectionsIn message, IBrokerOutput<RandomConnectionsOut> output, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        switch (message)
        {
            case RandomConnectionsIn.Tick tick:
                OnTick(tick.Now, output);
                break;
            case RandomConnectionsIn.NodeList list:
                OnNodeList(list.Nodes, now);
                FillUp(now, output);
                EmitState(now, output);
                break;
            case RandomConnectionsIn.PeerConnected connected when connected.Peer != _self:
                _connecting.Remove(connected.Peer);
                _failures.Remove(connected.Peer);
                if (!_connected.Contains(connected.Peer))
                {
                    _connected.Add(connected.Peer);
                }

                Touch(connected.Peer, now);
                EmitState(now, output);
                break;
            case RandomConnectionsIn.PeerDisconnected disconnected:
                if (_connected.Remove(disconnected.Peer) | _connecting.Remove(disconnected.Peer))
                {
                    BackOffAfterFailure(disconnected.Peer, now);
                    FillUp(now, output);
                    EmitState(now, output);
                }

                break;
            case RandomConnectionsIn.PeerFailed failed:
                if (_connected.Remove(failed.Peer))
                {
                    Log.PeerDropped(_logger, failed.Peer.ToShortString(), "failed");
                    BackOffAfterFailure(failed.Peer, now);
                    output.Emit(new RandomConnectionsOut.Disconnect(failed.Peer));
                    FillUp(now, output);
                    EmitState(now, output);
                }

                break;
        }

        return ValueTask.CompletedTask;
    }

    private void OnTick(DateTimeOffset now, IBrokerOutput<RandomConnectionsOut> output)
    {
        foreach (var (peer, requested) in _connecting)
        {
            if (now - requested >= _options.ConnectTimeout)
            {
                _connecting.Remove(peer);
                BackOffAfterFailure(peer, now);
                _dirty = true;
                output.Emit(new RandomConnectionsOut.Disconnect(peer));
            }
        }

        foreach (var (peer, until) in _backoff)
        {
            if (until <= now)
            {
                _backoff.Remove(peer);
            }
        }

        foreach (var (peer, seen) in _known)
        {
            if (now - seen >= _options.KnownNodeExpiry && !_connected.Contains(peer))
            {
                Forget(peer);
            }
        }

        if (now >= _nextNodeList)
        {
            _nextNodeList = now + _options.NodeListInterval;
            output.Emit(new RandomConnectionsOut.RequestNodeList());
        }

        var target = Target;
        var excess = _connected.Count - (target * _options.ExcessFactor);
        for (var i = 0; i < excess; i++)
        {
            DropRandom(now, "excess", output);
        }

        if (_nextChurn == DateTimeOffset.MaxValue && _options.ChurnInterval > TimeSpan.Zero)
        {
            _nextChurn = now + Jitter(_options.ChurnInterval);
        }

        if (now >= _nextChurn)
        {
            _nextChurn = now + Jitter(_options.ChurnInterval);
            if (target > 0 && _connected.Count >= target)
            {
                DropRandom(now, "churn", output);
            }
        }

        FillUp(now, output);
        if (_dirty || now >= _nextState)
        {
            EmitState(now, output);
        }
    }

    private void OnNodeList(IReadOnlyList<NodeInfo> nodes, DateTimeOffset now)
    {
        foreach (var node in nodes)
        {
            if (node.Id != _self)
            {
                Touch(node.Id, now);
            }
        }
    }

    private void Touch(NodeId peer, DateTimeOffset now)
    {
        _known[peer] = now;
        if (_known.Count <= _options.MaxKnownNodes)
        {
            return;
        }

        var oldest = default(NodeId);
        var oldestSeen = DateTimeOffset.MaxValue;
        foreach (var (id, seen) in _known)
        {
            if (seen < oldestSeen && !_connected.Contains(id))
            {
                (oldest, oldestSeen) = (id, seen);
            }
        }

        Forget(oldest);
    }

    private void Forget(NodeId peer)
    {
        _known.Remove(peer);
        _failures.Remove(peer);
    }

    /// <summary>
    /// Backs off <paramref name="peer"/> after a failed or timed-out dial or a lost connection:
    /// <c>min(RetryBackoff, FirstRetryBackoff × 2^(failures − 1))</c> less a random 0–20 % jitter (so peers that failed
    /// together do not all retry together). The count is kept only for known nodes, so it is bounded by MaxKnownNodes.
    /// </summary>
    private void BackOffAfterFailure(NodeId peer, DateTimeOffset now)
    {
        var failures = _failures.GetValueOrDefault(peer);
        if (failures < MaxCountedFailures)
        {
            failures++;
        }

        if (_known.ContainsKey(peer))
        {
            _failures[peer] = failures;
        }

        var delay = _options.FirstRetryBackoff;
        for (var i = 1; i < failures && delay < _options.RetryBackoff; i++)
        {
            delay += delay;
        }

        if (delay > _options.RetryBackoff)
        {
            delay = _options.RetryBackoff;
        }

        _backoff[peer] = now + (delay * (1 - (0.2 * _random.NextDouble())));
    }

    private void FillUp(DateTimeOffset now, IBrokerOutput<RandomConnectionsOut> output)
    {
        if (now - _dialSecond >= TimeSpan.FromSeconds(1))
        {
            _dialSecond = now;
            _dialsThisSecond = 0;
        }

        var missing = Math.Min(Target - _connected.Count - _connecting.Count, _options.MaxDialsPerTick - _dialsThisSecond);
        if (missing <= 0)
        {
            return;
        }

        _scratch.Clear();
        foreach (var id in _known.Keys)
        {
            if (!_connecting.ContainsKey(id) && !_backoff.ContainsKey(id) && !_connected.Contains(id))
            {
                _scratch.Add(id);
            }
        }

        for (var i = 0; i < missing && _scratch.Count > 0; i++)
        {
            var index = _random.Next(_scratch.Count);
            var peer = _scratch[index];
            _scratch[index] = _scratch[^1];
            _scratch.RemoveAt(_scratch.Count - 1);
            _connecting[peer] = now;
            _dialsThisSecond++;
            _dirty = true;
            output.Emit(new RandomConnectionsOut.Connect(peer));
        }
    }

    private void DropRandom(DateTimeOffset now, string reason, IBrokerOutput<RandomConnectionsOut> output)
    {
        var peer = _connected[_random.Next(_connected.Count)];
        _connected.Remove(peer);
        _backoff[peer] = now + _options.RetryBackoff;
        _dirty = true;
        Log.PeerDropped(_logger, peer.ToShortString(), reason);
        output.Emit(new RandomConnectionsOut.Disconnect(peer));
    }

    private TimeSpan Jitter(TimeSpan interval) => interval * (0.5 + _random.NextDouble());

    private void EmitState(DateTimeOffset now, IBrokerOutput<RandomConnectionsOut> output)
    {
        _nextState = now + _options.StateInterval;
        _dirty = false;
        var connected = _connected.ToArray();
        Array.Sort(connected);
        output.Emit(new RandomConnectionsOut.State(connected, _connecting.Count, _known.Count, Target));
    }
}
