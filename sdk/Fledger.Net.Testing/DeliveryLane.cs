namespace Fledger.Net.Testing;

/// <summary>
/// Delivers the events of one in-memory peer in order, each at its due time on the injected clock: due ones on a
/// thread-pool work item, later ones from a timer. No execution context flows into the callbacks.
/// </summary>
internal sealed class DeliveryLane
{
    private readonly Queue<Item> _items = new();
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private TaskCompletionSource? _belowHighWater;
    private long _highWater;
    private long _lastDue;
    private long _bufferedBytes;
    private bool _scheduled;

    private readonly Action<Exception> _onError;

    public DeliveryLane(TimeProvider time, Action<Exception> onError)
    {
        _time = time;
        _onError = onError;
        using (ExecutionContext.SuppressFlow())
        {
            _timer = time.CreateTimer(static state => ((DeliveryLane)state!).Drain(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    public void Post(TimeSpan delay, Action action, int bytes = 0)
    {
        lock (_gate)
        {
            var due = Math.Max(_time.GetUtcNow().UtcTicks + delay.Ticks, _lastDue);
            _lastDue = due;
            _items.Enqueue(new Item(due, action, bytes));
            _bufferedBytes += bytes;
            ScheduleLocked();
        }
    }

    /// <summary>Completes when the bytes in flight are at or below <paramref name="highWater"/>.</summary>
    public Task WaitBelowAsync(long highWater, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_bufferedBytes <= highWater)
            {
                return Task.CompletedTask;
            }

            _highWater = highWater;
            _belowHighWater ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _belowHighWater.Task.WaitAsync(cancellationToken);
        }
    }

    private void ScheduleLocked()
    {
        if (_scheduled || _items.Count == 0)
        {
            return;
        }

        _scheduled = true;
        var wait = _items.Peek().Due - _time.GetUtcNow().UtcTicks;
        if (wait <= 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static lane => lane.Drain(), this, preferLocal: false);
        }
        else
        {
            _timer.Change(TimeSpan.FromTicks(wait), Timeout.InfiniteTimeSpan);
        }
    }

    private void Drain()
    {
        while (true)
        {
            Item item;
            TaskCompletionSource? released = null;
            lock (_gate)
            {
                if (_items.Count == 0 || _items.Peek().Due > _time.GetUtcNow().UtcTicks)
                {
                    _scheduled = false;
                    ScheduleLocked();
                    return;
                }

                item = _items.Dequeue();
                _bufferedBytes -= item.Bytes;
                if (_belowHighWater is not null && _bufferedBytes <= _highWater)
                {
                    released = _belowHighWater;
                    _belowHighWater = null;
                }
            }

            released?.TrySetResult();
            try
            {
                item.Action();
            }
            catch (Exception exception)
            {
                _onError(exception);
            }
        }
    }

    private readonly record struct Item(long Due, Action Action, int Bytes);
}
