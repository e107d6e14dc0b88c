using Fledger.Broker.Internal;

namespace Fledger.Broker;

public sealed partial class Broker<TIn, TOut>
{
    // Outputs a handler emits during the synchronous part of its call are delivered right after it (depth-first),
    // without a trip through the concurrent queue. Only the processing flow touches these two fields.
    private readonly List<TOut> _localOutputs = [];
    private int _syncOwnerThread;

    // One state machine per message: handler calls, the delivery of their outputs and of the input to
    // subscribers are inlined, and awaits are only taken when something really completes asynchronously.
    private async ValueTask ProcessOneAsync(Envelope envelope)
    {
        if (envelope.Input is { } input)
        {
            foreach (var registration in Volatile.Read(ref _handlers))
            {
                var handled = InvokeHandler(registration.Handler, input);
                if (!handled.IsCompletedSuccessfully)
                {
                    try
                    {
                        await handled;
                    }
                    catch (Exception exception)
                    {
                        Report(BrokerErrorKind.HandlerFailed, input, exception);
                    }
                }

                // Delivering may run linked brokers inline, which may emit here again: those go to the queue
                // (the handler's synchronous part is over), so this list only grows by what the handler emitted.
                for (var i = 0; i < _localOutputs.Count; i++)
                {
                    var output = _localOutputs[i];
                    foreach (var subscription in Volatile.Read(ref _outputSubscriptions))
                    {
                        var delivered = Deliver(subscription, output, default, envelope.Token);
                        if (!delivered.IsCompletedSuccessfully)
                        {
                            await AwaitDeliveryAsync(delivered, subscription, output);
                        }
                    }
                }

                _localOutputs.Clear();
            }

            foreach (var subscription in Volatile.Read(ref _inputSubscriptions))
            {
                var delivered = Deliver(subscription, input, envelope.Trail, envelope.Token);
                if (!delivered.IsCompletedSuccessfully)
                {
                    await AwaitDeliveryAsync(delivered, subscription, input);
                }
            }
        }
        else if (envelope.Output is { } output)
        {
            foreach (var subscription in Volatile.Read(ref _outputSubscriptions))
            {
                var delivered = Deliver(subscription, output, envelope.Trail, envelope.Token);
                if (!delivered.IsCompletedSuccessfully)
                {
                    await AwaitDeliveryAsync(delivered, subscription, output);
                }
            }
        }
    }

    private ValueTask InvokeHandler(IHandler<TIn, TOut> handler, TIn input)
    {
        _syncOwnerThread = Environment.CurrentManagedThreadId;
        try
        {
            return handler.HandleAsync(input, _sink, _disposeCts.Token);
        }
        catch (Exception exception)
        {
            Report(BrokerErrorKind.HandlerFailed, input, exception);
            return ValueTask.CompletedTask;
        }
        finally
        {
            _syncOwnerThread = 0;
        }
    }

    private ValueTask Deliver<T>(Subscription<T> subscription, T message, in Trail trail, WorkToken? token)
        where T : class
    {
        try
        {
            return subscription.DeliverAsync(message, trail, token);
        }
        catch (Exception exception)
        {
            Report(subscription.FailureKind, message, exception);
            return ValueTask.CompletedTask;
        }
    }

    private async ValueTask AwaitDeliveryAsync<T>(ValueTask delivery, Subscription<T> subscription, T message)
        where T : class
    {
        try
        {
            await delivery;
        }
        catch (Exception exception)
        {
            Report(subscription.FailureKind, message, exception);
        }
    }

    private bool TryEmitLocal(TOut message)
    {
        if (_syncOwnerThread != Environment.CurrentManagedThreadId)
        {
            return false;
        }

        _localOutputs.Add(message);
        return true;
    }

    private void Report(BrokerErrorKind kind, object? message, Exception? exception)
    {
        Interlocked.Increment(ref _errorCount);
        var messageType = message?.GetType().Name ?? "-";
        switch (kind)
        {
            case BrokerErrorKind.LoopDropped:
                BrokerLog.LoopDropped(_logger, Name, messageType);
                break;
            case BrokerErrorKind.Disposed:
                BrokerLog.DroppedAfterDispose(_logger, Name, messageType);
                break;
            default:
                BrokerLog.Isolated(_logger, exception, Name, kind, messageType);
                break;
        }

        var subscriptions = Volatile.Read(ref _errorSubscriptions);
        if (subscriptions.Length == 0)
        {
            return;
        }

        var error = new BrokerError(Name, kind, message, exception);
        foreach (var subscription in subscriptions)
        {
            try
            {
                subscription.Callback(error);
            }
            catch (Exception callbackException)
            {
                BrokerLog.ErrorCallbackFailed(_logger, callbackException, Name);
            }
        }
    }
}
