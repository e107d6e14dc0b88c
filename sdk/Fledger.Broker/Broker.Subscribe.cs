using System.Threading.Channels;
using Fledger.Broker.Internal;

namespace Fledger.Broker;

public sealed partial class Broker<TIn, TOut>
{
    private Subscription<TIn>[] _inputSubscriptions = [];
    private Subscription<TOut>[] _outputSubscriptions = [];
    private HandlerRegistration[] _handlers = [];
    private ErrorSubscription[] _errorSubscriptions = [];

    /// <summary>Live subscriptions of this broker: handlers, callbacks, taps, links and error callbacks.</summary>
    public int SubscriptionCount
    {
        get
        {
            lock (_gate)
            {
                return _inputSubscriptions.Length + _outputSubscriptions.Length + _handlers.Length + _errorSubscriptions.Length;
            }
        }
    }

    /// <summary>Adds a handler for the inputs. Handlers run in the order they were added.</summary>
    public IDisposable AddHandler(IHandler<TIn, TOut> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var registration = new HandlerRegistration(this, handler);
        Add(ref _handlers, registration);
        return registration;
    }

    /// <summary>Adds a handler given as a function of an input and the output sink.</summary>
    public IDisposable AddHandler(Func<TIn, IBrokerOutput<TOut>, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return AddHandler(new DelegateHandler(handler));
    }

    /// <summary>Calls <paramref name="callback"/> for every input.</summary>
    public IDisposable SubscribeInputs(Action<TIn> callback)
        => AddInput(new CallbackSubscription<TIn>(RemoveInput, callback));

    /// <summary>Calls and awaits <paramref name="callback"/> for every input.</summary>
    public IDisposable SubscribeInputs(Func<TIn, ValueTask> callback)
        => AddInput(new AsyncCallbackSubscription<TIn>(RemoveInput, callback));

    /// <summary>Calls <paramref name="callback"/> for every output.</summary>
    public IDisposable SubscribeOutputs(Action<TOut> callback)
        => AddOutput(new CallbackSubscription<TOut>(RemoveOutput, callback));

    /// <summary>Calls and awaits <paramref name="callback"/> for every output.</summary>
    public IDisposable SubscribeOutputs(Func<TOut, ValueTask> callback)
        => AddOutput(new AsyncCallbackSubscription<TOut>(RemoveOutput, callback));

    /// <summary>
    /// A channel of every input from now on. With a <paramref name="capacity"/>, a full tap makes the broker
    /// wait (back-pressure); without, the tap is unbounded. Dispose the tap to stop and complete it.
    /// </summary>
    public BrokerTap<TIn> TapInputs(int? capacity = null)
    {
        var channel = CreateChannel<TIn>(capacity);
        var subscription = AddInput(new TapSubscription<TIn>(RemoveInput, channel));
        return new BrokerTap<TIn>(channel.Reader, subscription);
    }

    /// <summary>
    /// A channel of every output from now on. With a <paramref name="capacity"/>, a full tap makes the broker
    /// wait (back-pressure); without, the tap is unbounded. Dispose the tap to stop and complete it.
    /// </summary>
    public BrokerTap<TOut> TapOutputs(int? capacity = null)
    {
        var channel = CreateChannel<TOut>(capacity);
        var subscription = AddOutput(new TapSubscription<TOut>(RemoveOutput, channel));
        return new BrokerTap<TOut>(channel.Reader, subscription);
    }

    /// <summary>Calls <paramref name="callback"/> for every isolated error (it must not throw; if it does, it is ignored).</summary>
    public IDisposable OnError(Action<BrokerError> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var subscription = new ErrorSubscription(this, callback);
        Add(ref _errorSubscriptions, subscription);
        return subscription;
    }

    private static Channel<T> CreateChannel<T>(int? capacity) => capacity is { } bound
        ? Channel.CreateBounded<T>(new BoundedChannelOptions(bound) { SingleWriter = true, FullMode = BoundedChannelFullMode.Wait })
        : Channel.CreateUnbounded<T>(new UnboundedChannelOptions { SingleWriter = true });

    private Subscription<TIn> AddInput(Subscription<TIn> subscription)
    {
        Add(ref _inputSubscriptions, subscription);
        return subscription;
    }

    private Subscription<TOut> AddOutput(Subscription<TOut> subscription)
    {
        Add(ref _outputSubscriptions, subscription);
        return subscription;
    }

    private void RemoveInput(Subscription<TIn> subscription) => Remove(ref _inputSubscriptions, subscription);

    private void RemoveOutput(Subscription<TOut> subscription) => Remove(ref _outputSubscriptions, subscription);

    private void Add<T>(ref T[] array, T item)
        where T : class
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        lock (_gate)
        {
            array = [.. array, item];
        }

        BrokerDiagnostics.SubscriptionAdded();
    }

    private void Remove<T>(ref T[] array, T item)
        where T : class
    {
        lock (_gate)
        {
            var index = Array.IndexOf(array, item);
            if (index < 0)
            {
                return;
            }

            var copy = new T[array.Length - 1];
            Array.Copy(array, 0, copy, 0, index);
            Array.Copy(array, index + 1, copy, index, array.Length - index - 1);
            array = copy;
        }

        BrokerDiagnostics.SubscriptionRemoved();
    }

    private void DisposeSubscriptions()
    {
        foreach (var subscription in Volatile.Read(ref _inputSubscriptions))
        {
            subscription.Dispose();
        }

        foreach (var subscription in Volatile.Read(ref _outputSubscriptions))
        {
            subscription.Dispose();
        }

        foreach (var registration in Volatile.Read(ref _handlers))
        {
            registration.Dispose();
        }

        foreach (var subscription in Volatile.Read(ref _errorSubscriptions))
        {
            subscription.Dispose();
        }
    }

    void IBrokerNode.CollectTargets(List<IBrokerNode> targets)
    {
        foreach (var subscription in Volatile.Read(ref _inputSubscriptions))
        {
            if (subscription.Target is { } target)
            {
                targets.Add(target);
            }
        }

        foreach (var subscription in Volatile.Read(ref _outputSubscriptions))
        {
            if (subscription.Target is { } target)
            {
                targets.Add(target);
            }
        }
    }

    private sealed class HandlerRegistration(Broker<TIn, TOut> broker, IHandler<TIn, TOut> handler) : IDisposable
    {
        private int _disposed;

        public IHandler<TIn, TOut> Handler => handler;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                broker.Remove(ref broker._handlers, this);
            }
        }
    }

    private sealed class ErrorSubscription(Broker<TIn, TOut> broker, Action<BrokerError> callback) : IDisposable
    {
        private int _disposed;

        public Action<BrokerError> Callback => callback;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                broker.Remove(ref broker._errorSubscriptions, this);
            }
        }
    }

    private sealed class DelegateHandler(Func<TIn, IBrokerOutput<TOut>, ValueTask> handler) : IHandler<TIn, TOut>
    {
        public ValueTask HandleAsync(TIn message, IBrokerOutput<TOut> output, CancellationToken cancellationToken)
            => handler(message, output);
    }
}
