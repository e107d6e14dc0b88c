using System.Collections.Concurrent;
using System.Threading.Tasks.Sources;

namespace Fledger.Broker.Internal;

/// <summary>
/// Counts the messages an emit caused that are not processed yet, across linked brokers.
/// The emit completes when the count reaches zero. Pooled: no allocation per emit in steady state.
/// </summary>
internal sealed class WorkToken : IValueTaskSource
{
    private const int MaxPooled = 256;
    private static readonly ConcurrentQueue<WorkToken> Pool = new();
    private static int s_pooled;

    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };
    private int _pending;

    public static WorkToken Rent()
    {
        if (Pool.TryDequeue(out var token))
        {
            Interlocked.Decrement(ref s_pooled);
            return token;
        }

        return new WorkToken();
    }

    /// <summary>Counts one more message caused by the emit. Returns false if the token already completed.</summary>
    public bool TryAdd()
    {
        while (true)
        {
            var current = Volatile.Read(ref _pending);
            if (current <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _pending, current + 1, current) == current)
            {
                return true;
            }
        }
    }

    /// <summary>Starts the count with the emitted message itself.</summary>
    public void Start() => Volatile.Write(ref _pending, 1);

    /// <summary>One message is processed (or dropped).</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref _pending) == 0)
        {
            _core.SetResult(true);
        }
    }

    public ValueTask WaitAsync() => new(this, _core.Version);

    public void GetResult(short token)
    {
        _core.GetResult(token);
        _core.Reset();
        if (Interlocked.Increment(ref s_pooled) <= MaxPooled)
        {
            Pool.Enqueue(this);
        }
        else
        {
            Interlocked.Decrement(ref s_pooled);
        }
    }

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        => _core.OnCompleted(continuation, state, token, flags);
}
