namespace Fledger.Broker.Timer;

/// <summary>
/// A broker that emits <see cref="SecondTick"/> every second and <see cref="MinuteTick"/> every minute of an
/// injected <see cref="TimeProvider"/>. Modules link to it for their periodic work; tests drive it with fake time.
/// </summary>
public sealed class TimerBroker : IAsyncDisposable
{
    private readonly ITimer _timer;
    private readonly TimeProvider _time;
    private int _seconds;

    /// <summary>Starts ticking on <paramref name="time"/>.</summary>
    public TimerBroker(TimeProvider time, BrokerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        Broker = new Broker<TimerIn, TimerOut>("timer", options: options);
        _timer = time.CreateTimer(static state => ((TimerBroker)state!).Tick(), this, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    /// <summary>The broker to link modules to; its outputs are the ticks.</summary>
    public Broker<TimerIn, TimerOut> Broker { get; }

    /// <summary>Stops the timer and disposes the broker.</summary>
    public async ValueTask DisposeAsync()
    {
        await _timer.DisposeAsync();
        await Broker.DisposeAsync();
    }

    private void Tick()
    {
        var now = _time.GetUtcNow();
        Broker.EnqueueOutput(new SecondTick(now));
        if (Interlocked.Increment(ref _seconds) % 60 == 0)
        {
            Broker.EnqueueOutput(new MinuteTick(now));
        }
    }
}
