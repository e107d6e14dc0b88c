using System.Collections.Concurrent;

namespace Fledger.Broker.Internal;

/// <summary>
/// A pool of reusable objects with a one-object cache per thread in front of a bounded shared queue: a thread that
/// returns and rents again (the steady state of an emit) touches no shared state and allocates nothing.
/// </summary>
/// <typeparam name="T">The pooled type; callers reset its state themselves.</typeparam>
internal static class RecyclePool<T>
    where T : class, new()
{
    private const int MaxPooled = 256;
    private static readonly ConcurrentQueue<T> Pool = new();
    private static int s_pooled;

    [ThreadStatic]
    private static T? t_cached;

    /// <summary>This thread's cached object, else one from the shared queue, else a new one.</summary>
    public static T Rent()
    {
        var item = t_cached;
        if (item is not null)
        {
            t_cached = null;
            return item;
        }

        if (Pool.TryDequeue(out item))
        {
            Interlocked.Decrement(ref s_pooled);
            return item;
        }

        return new T();
    }

    /// <summary>Keeps <paramref name="item"/> for reuse, unless the shared queue is full (then it is left to the GC).</summary>
    public static void Return(T item)
    {
        if (t_cached is null)
        {
            t_cached = item;
            return;
        }

        if (Interlocked.Increment(ref s_pooled) <= MaxPooled)
        {
            Pool.Enqueue(item);
        }
        else
        {
            Interlocked.Decrement(ref s_pooled);
        }
    }
}
