namespace Fledger.WebRtc.Sctp;

/// <summary>
/// A restartable one-shot timer on a <see cref="TimeProvider"/> that posts its id to the association loop.
/// Restarting only moves the deadline; an early fire re-arms itself, so hot-path restarts cost no timer-queue work.
/// </summary>
internal sealed class SctpTimer : IDisposable
{
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private long _deadline;
    private long _armedFor = long.MaxValue;

    public SctpTimer(TimeProvider time, Action<int> post, int id)
    {
        _time = time;
        _timer = time.CreateTimer(static s => ((Action)s!)(), (Action)(() => post(id)), Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public bool IsRunning { get; private set; }

    public void Start(TimeSpan due)
    {
        var now = _time.GetTimestamp();
        _deadline = now + ToTicks(due);
        IsRunning = true;
        if (_deadline < _armedFor)
        {
            Arm(now);
        }
    }

    /// <summary>Starts the timer only if it is not running.</summary>
    public void EnsureRunning(TimeSpan due)
    {
        if (!IsRunning)
        {
            Start(due);
        }
    }

    public void Stop() => IsRunning = false;

    /// <summary>Called when the timer's event reaches the loop: true if it is really due now.</summary>
    public bool TryExpire()
    {
        _armedFor = long.MaxValue;
        if (!IsRunning)
        {
            return false;
        }

        var now = _time.GetTimestamp();
        if (now < _deadline)
        {
            Arm(now);
            return false;
        }

        IsRunning = false;
        return true;
    }

    public void Dispose() => _timer.Dispose();

    private void Arm(long now)
    {
        _armedFor = _deadline;
        var due = TimeSpan.FromSeconds((double)(_deadline - now) / _time.TimestampFrequency);
        _timer.Change(due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
    }

    private long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);
}
