using System.Collections.Concurrent;

namespace Fledger.Broker.Internal;

/// <summary>
/// The trail and work token of a message that arrived over a link and had to wait in the target's queue. Kept out of
/// the queue entry so that entries stay small (a 64-byte entry costs ConcurrentQueue about twice the time of a
/// 24-byte one); pooled like <see cref="WorkToken"/>, so queued linked messages allocate nothing in steady state.
/// </summary>
internal sealed class LinkedState
{
    private const int MaxPooled = 256;
    private static readonly ConcurrentQueue<LinkedState> Pool = new();
    private static int s_pooled;

    [ThreadStatic]
    private static LinkedState? t_cached;

    public Trail Trail;

    public WorkToken? Token;

    public static LinkedState Rent(in Trail trail, WorkToken? token)
    {
        var state = t_cached;
        if (state is not null)
        {
            t_cached = null;
        }
        else if (Pool.TryDequeue(out state))
        {
            Interlocked.Decrement(ref s_pooled);
        }
        else
        {
            state = new LinkedState();
        }

        state.Trail = trail;
        state.Token = token;
        return state;
    }

    public void Return()
    {
        Token = null;
        if (t_cached is null)
        {
            t_cached = this;
            return;
        }

        if (Interlocked.Increment(ref s_pooled) <= MaxPooled)
        {
            Pool.Enqueue(this);
        }
        else
        {
            Interlocked.Decrement(ref s_pooled);
        }
    }
}
