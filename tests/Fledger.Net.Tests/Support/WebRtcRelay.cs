using Fledger.Broker;
using Fledger.Core.Identity;
using Fledger.Net.WebRtc;

namespace Fledger.Net.Tests.Support;

/// <summary>
/// Relays the setup messages of several WebRTC brokers to each other directly (no signaling layer). While held,
/// setups are kept back, so a test can make offers cross (glare).
/// </summary>
public sealed class WebRtcRelay : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<NodeId, Broker<WebRtcIn, WebRtcOut>> _brokers = [];
    private readonly List<(NodeId To, WebRtcIn Message)> _held = [];
    private readonly List<IDisposable> _subscriptions = [];
    private readonly SemaphoreSlim _heldSignal = new(0);
    private bool _holding;

    public void Add(NodeId id, Broker<WebRtcIn, WebRtcOut> broker)
    {
        lock (_gate)
        {
            _brokers.Add(id, broker);
        }

        _subscriptions.Add(broker.SubscribeOutputs(output =>
        {
            if (output is WebRtcOut.SetupToSend setup)
            {
                Route(setup.Peer, new WebRtcIn.SetupReceived(id, setup.Setup));
            }
        }));
    }

    public void Hold()
    {
        lock (_gate)
        {
            _holding = true;
        }
    }

    public async Task WaitHeldAsync(int count)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (HeldCount < count)
        {
            await _heldSignal.WaitAsync(cts.Token);
        }
    }

    public void Release()
    {
        List<(NodeId To, WebRtcIn Message)> held;
        lock (_gate)
        {
            _holding = false;
            held = [.. _held];
            _held.Clear();
        }

        foreach (var (to, message) in held)
        {
            Deliver(to, message);
        }
    }

    private int HeldCount
    {
        get
        {
            lock (_gate)
            {
                return _held.Count;
            }
        }
    }

    public void Dispose()
    {
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }

        _heldSignal.Dispose();
    }

    private void Route(NodeId to, WebRtcIn message)
    {
        lock (_gate)
        {
            if (_holding)
            {
                _held.Add((to, message));
                _heldSignal.Release();
                return;
            }
        }

        Deliver(to, message);
    }

    private void Deliver(NodeId to, WebRtcIn message)
    {
        Broker<WebRtcIn, WebRtcOut>? target;
        lock (_gate)
        {
            target = _brokers.GetValueOrDefault(to);
        }

        target?.EnqueueInput(message);
    }
}
