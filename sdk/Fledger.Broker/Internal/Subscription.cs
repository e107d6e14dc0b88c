namespace Fledger.Broker.Internal;

/// <summary>One receiver of a broker's inputs or outputs: a callback, a tap or a link.</summary>
internal abstract class Subscription<T> : IDisposable
    where T : class
{
    private Action<Subscription<T>>? _remove;

    protected Subscription(Action<Subscription<T>> remove) => _remove = remove;

    /// <summary>The kind of error to report when delivery throws.</summary>
    public virtual BrokerErrorKind FailureKind => BrokerErrorKind.SubscriberFailed;

    /// <summary>The broker this subscription forwards to, for settling linked graphs.</summary>
    public virtual IBrokerNode? Target => null;

    public abstract ValueTask DeliverAsync(T message, in Trail trail, WorkToken? token);

    public void Dispose()
    {
        var remove = Interlocked.Exchange(ref _remove, null);
        if (remove is not null)
        {
            remove(this);
            OnDisposed();
        }
    }

    protected virtual void OnDisposed()
    {
    }
}
