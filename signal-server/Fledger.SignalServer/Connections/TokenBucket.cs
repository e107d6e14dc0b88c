namespace Fledger.SignalServer.Connections;

/// <summary>
/// A token bucket rate limiter on an injected clock: holds up to <c>capacity</c> tokens and refills
/// <c>perSecond</c> tokens per second. O(1), allocation-free and lock-free: not thread-safe, meant for one
/// connection whose invocations SignalR runs one at a time (<c>MaximumParallelInvocationsPerClient = 1</c>).
/// </summary>
public sealed class TokenBucket
{
    private readonly TimeProvider _time;
    private readonly double _capacity;
    private readonly double _perTick;
    private double _tokens;
    private long _lastTimestamp;

    /// <summary>Creates a full bucket.</summary>
    public TokenBucket(TimeProvider time, int capacity, double perSecond)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perSecond);
        _time = time;
        _capacity = capacity;
        _perTick = perSecond / time.TimestampFrequency;
        _tokens = capacity;
        _lastTimestamp = time.GetTimestamp();
    }

    /// <summary>Takes one token; false when the bucket is empty.</summary>
    public bool TryTake()
    {
        var now = _time.GetTimestamp();
        _tokens = Math.Min(_capacity, _tokens + ((now - _lastTimestamp) * _perTick));
        _lastTimestamp = now;
        if (_tokens < 1)
        {
            return false;
        }

        _tokens -= 1;
        return true;
    }
}
