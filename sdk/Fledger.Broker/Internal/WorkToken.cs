using System.Runtime.CompilerServices;
using System.Threading.Tasks.Sources;

namespace Fledger.Broker.Internal;

/// <summary>
/// Counts what an emit is waiting for: the emit itself (the owner's count) plus every message it caused that was
/// queued in some broker and not processed yet. Messages processed inline by the emitting flow are covered by the
/// owner's count and are not counted. The emit completes when the count reaches zero. Pooled, with a one-token
/// cache per thread: no allocation and no shared pool traffic per emit in steady state.
/// </summary>
internal sealed class WorkToken : IValueTaskSource
{
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };
    private int _pending;

    /// <summary>A token holding the owner's count.</summary>
    public static WorkToken Rent()
    {
        var token = RecyclePool<WorkToken>.Rent();
        Volatile.Write(ref token._pending, 1);
        return token;
    }

    /// <summary>Counts one more queued message caused by the emit. Returns false if the token already completed.</summary>
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

    /// <summary>One queued message is processed (or dropped).</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref _pending) == 0)
        {
            Complete();
        }
    }

    // Out of line: completing runs the waiter's continuation machinery, which would enlarge every caller's frame.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Complete() => _core.SetResult(true);

    /// <summary>
    /// Drops the owner's count. Returns true when that was the last one: everything is done, the token went back
    /// to the pool and the emit completes synchronously. Otherwise the owner awaits <see cref="WaitAsync"/>.
    /// </summary>
    /// <param name="keep">True when the caller keeps a completed token for its next emit (see <see cref="Reuse"/>).</param>
    public bool ReleaseOwner(bool keep = false)
    {
        if (Interlocked.Decrement(ref _pending) != 0)
        {
            return false;
        }

        if (!keep)
        {
            Return();
        }

        return true;
    }

    /// <summary>A completed token the caller kept (<see cref="ReleaseOwner"/> with keep) or else a rented one, holding the owner's count.</summary>
    public static WorkToken Reuse(WorkToken? kept)
    {
        if (kept is null)
        {
            return Rent();
        }

        Volatile.Write(ref kept._pending, 1);
        return kept;
    }

    public ValueTask WaitAsync() => new(this, _core.Version);

    public void GetResult(short token)
    {
        _core.GetResult(token);
        _core.Reset();
        Return();
    }

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        => _core.OnCompleted(continuation, state, token, flags);

    private void Return() => RecyclePool<WorkToken>.Return(this);
}
