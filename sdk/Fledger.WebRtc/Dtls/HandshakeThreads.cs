namespace Fledger.WebRtc.Dtls;

/// <summary>
/// Dedicated threads for BouncyCastle's blocking handshakes, kept for a while after a handshake so the next one starts
/// on a parked thread (a semaphore wake-up, ~15 µs) instead of a new thread (~60–100 µs to start, ~0.15 ms of CPU).
/// They are our own threads, never the thread pool's: a handshake blocks for round trips and must not starve it.
/// </summary>
internal static class HandshakeThreads
{
    /// <summary>Parked threads kept at most; more finish after their handshake.</summary>
    public const int MaxIdle = 4;

    /// <summary>A parked thread exits after this long without work.</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(30);

    private static readonly Lock Gate = new();
    private static readonly List<Worker> Idle = [];

    /// <summary>
    /// Runs <paramref name="work"/> on a parked handshake thread, or on a new one when none is parked, in the caller's
    /// execution context (as <see cref="Thread.Start()"/> would flow it; nothing leaks from an earlier handshake).
    /// </summary>
    /// <param name="work">Must not throw: an exception ends the process, as on any dedicated thread.</param>
    public static void Run(Action work)
    {
        var context = ExecutionContext.Capture();
        if (context is not null)
        {
            var inner = work;
            work = () => ExecutionContext.Run(context, static state => ((Action)state!)(), inner);
        }

        Worker? worker = null;
        lock (Gate)
        {
            if (Idle.Count > 0)
            {
                worker = Idle[^1];
                Idle.RemoveAt(Idle.Count - 1);
            }
        }

        if (worker is null)
        {
            new Worker(work).Start();
        }
        else
        {
            worker.Assign(work);
        }
    }

    /// <summary>Parked threads right now (for tests).</summary>
    internal static int IdleCount
    {
        get
        {
            lock (Gate)
            {
                return Idle.Count;
            }
        }
    }

    private sealed class Worker(Action first)
    {
        private readonly SemaphoreSlim _signal = new(0, 1);
        private Action? _work = first;

        public void Start()
        {
            // The thread outlives this handshake: it must not keep the first caller's context (each work brings its own).
            using (ExecutionContext.SuppressFlow())
            {
                new Thread(Loop) { IsBackground = true, Name = "dtls-handshake" }.Start();
            }
        }

        public void Assign(Action work)
        {
            _work = work;
            _signal.Release(); // publishes _work to the parked thread
        }

        private void Loop()
        {
            while (_work is { } work)
            {
                _work = null;
                work();
                if (!Park())
                {
                    return;
                }
            }
        }

        /// <summary>Waits for the next handshake; false when the thread should end (idle too long, or enough parked).</summary>
        private bool Park()
        {
            lock (Gate)
            {
                if (Idle.Count >= MaxIdle)
                {
                    return false;
                }

                Idle.Add(this);
            }

            if (_signal.Wait(IdleTimeout))
            {
                return true;
            }

            lock (Gate)
            {
                if (Idle.Remove(this))
                {
                    return false; // nobody took it: retire
                }
            }

            // Taken by Run just as the wait timed out: its work is being assigned.
            _signal.Wait();
            return true;
        }
    }
}
